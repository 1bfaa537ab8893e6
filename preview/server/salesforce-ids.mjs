const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** True for a 15 or 18 character Salesforce Id. */
export function isSalesforceId(/** @type {unknown} */ value) {
  return typeof value === 'string' && ID.test(value);
}

/** The 18 character form of a Salesforce Id, as an Apex Id variable holds it. */
export function to18(/** @type {string} */ id) {
  if (id.length === 18) return id;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const char = id.charAt(chunk * 5 + i);
      if (char >= 'A' && char <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_CHARS.charAt(bits);
  }
  return id + suffix;
}
