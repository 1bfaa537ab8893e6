/**
 * Turns the schema's complaints about an environment variable into one line an operator can
 * act on: what is wrong with the value and how to fix it, in plain words (no validator jargon).
 * Secret values are never repeated back.
 */

/** The parts of a zod issue the wording needs. */
export interface EnvIssue {
  code: string;
  message: string;
  expected?: unknown;
  values?: readonly unknown[];
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
}

const SECRET_NAME = /SECRET|TOKEN|KEY|PASSWORD|WEBHOOK|DATABASE_URL/;

function shown(variable: string, value: string | undefined): string {
  if (value === undefined || SECRET_NAME.test(variable)) return '';
  const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return ` (got "${text}")`;
}

function bound(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? Number(value).toLocaleString('en-US')
    : String(value);
}

/** One line for one variable: its first issue, worded with the fix. */
export function describeEnvIssue(
  variable: string,
  issue: EnvIssue,
  value: string | undefined,
): string {
  const got = shown(variable, value);
  const orDefault = `; fix it or unset ${variable} to use the default`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int')
        return `must be a whole number${got}${orDefault}`;
      if (issue.expected === 'string') return `must be text${got}`;
      return `has an unusable value${got}${orDefault}`;
    case 'too_small':
      if (issue.minimum === 0 && issue.inclusive === false)
        return `must be a whole number greater than 0${got}${orDefault}`;
      return `must be at least ${bound(issue.minimum)}${got}${orDefault}`;
    case 'too_big':
      return `must be at most ${bound(issue.maximum)}${got}${orDefault}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map(String).join(', ')}${got}${orDefault}`;
    default:
      // Our own checks (URL shapes, formats) already say what is expected.
      return `${issue.message}${got}`;
  }
}

/** One line per variable (its first issue), in the order the variables first appear. */
export function describeEnvIssues(
  issues: readonly (EnvIssue & { path: readonly PropertyKey[] })[],
  env: Readonly<Record<string, string | undefined>>,
): { variable: string; message: string }[] {
  const lines = new Map<string, string>();
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    if (lines.has(variable)) continue;
    lines.set(variable, describeEnvIssue(variable, issue, env[variable]));
  }
  return [...lines].map(([variable, message]) => ({ variable, message }));
}
