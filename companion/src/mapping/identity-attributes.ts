/**
 * Okta profile attributes that decide who can sign in as a user or recover the account:
 * `login` is the username, `email` receives password-reset and unlock emails, `secondEmail`
 * is the secondary address Okta uses for account recovery. Whoever could write them from
 * Salesforce could send a customer's password reset to themselves, so the product never writes
 * them from Salesforce unless the companion's operator allows an attribute by name
 * (OKTA_ALLOW_IDENTITY_WRITES). SMS and voice recovery use the phone the user enrolled and
 * verified as a factor, not profile.mobilePhone, which is why phones are not on the list.
 */
export const OKTA_IDENTITY_ATTRIBUTES: Readonly<Record<string, string>> = {
  login: 'the username people sign in with',
  email: 'the address Okta sends password-reset and unlock emails to',
  secondEmail: 'the secondary address Okta uses for account recovery',
};

export type IdentityWritePolicy = ReadonlySet<string>;

export const NO_IDENTITY_WRITES: IdentityWritePolicy = new Set();

/** Why writing `profileName` from Salesforce is refused, or null when it may be written. */
export function identityWriteRefusal(
  profileName: string,
  allowed: IdentityWritePolicy,
): string | null {
  const key = Object.keys(OKTA_IDENTITY_ATTRIBUTES).find(
    (name) => name.toLowerCase() === profileName.toLowerCase(),
  );
  if (key === undefined || allowed.has(key)) return null;
  return `profile.${key} is ${OKTA_IDENTITY_ATTRIBUTES[key]}: anyone who can edit the Salesforce field could take over the Okta account, so it is never written from Salesforce unless OKTA_ALLOW_IDENTITY_WRITES names it`;
}
