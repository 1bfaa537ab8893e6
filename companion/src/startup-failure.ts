/**
 * Start-up failures an operator can fix, said in one line: which address failed, why, and
 * what to check. No stack trace: the cause is outside the program.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  cause?: unknown;
  error_description?: unknown;
}

function codeOf(error: unknown): string | undefined {
  for (let e = error as ErrorLike | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code;
    if (typeof e.errno === 'string') return e.errno;
    e = e.cause as ErrorLike | undefined;
  }
  return undefined;
}

/** Why a network call did not get an answer, in words; undefined when it did get one. */
export function networkReason(error: unknown): string | undefined {
  const code = codeOf(error);
  if (!code) return undefined;
  if (code === 'ECONNREFUSED') return 'nothing accepts connections there (connection refused)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (
    ['ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(
      code,
    )
  )
    return 'no answer (the connection timed out or was cut)';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return 'its TLS certificate is not trusted (behind a proxy, set NODE_EXTRA_CA_CERTS)';
  return undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The one-line reason Salesforce could not be signed in to at start. */
export function salesforceConnectFailure(loginUrl: string, error: unknown): StartupError {
  const unreachable = networkReason(error);
  if (unreachable) {
    return new StartupError(
      `Could not reach Salesforce at ${loginUrl} (SF_LOGIN_URL): ${unreachable}. Check the URL (your My Domain, https://<domain>.my.salesforce.com), DNS, and any proxy or firewall.`,
    );
  }
  const e = (error ?? {}) as ErrorLike;
  const reason = [text(e.name), text(e.error_description) || text(e.message)]
    .filter((part) => part !== '' && part !== 'Error')
    .join(': ')
    .split('\n')[0];
  return new StartupError(
    `Salesforce at ${loginUrl} (SF_LOGIN_URL) refused the companion's sign-in${reason ? ` (${reason})` : ''}. Check SF_CLIENT_ID and SF_CLIENT_SECRET (or SF_USERNAME and SF_PRIVATE_KEY), and that the connected app allows this flow with a Run As user.`,
  );
}

/** One line for any start-up failure, for the entry points to print before exiting. */
export function describeStartupFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  const code = codeOf(error);
  const e = (error ?? {}) as ErrorLike & { port?: unknown; address?: unknown };
  if (code === 'EADDRINUSE') {
    const where = typeof e.port === 'number' ? `Port ${e.port}` : 'A port';
    return `${where} is already in use: stop the other process, or choose another port (PORT; in sandbox mode also SANDBOX_OKTA_PORT, SANDBOX_SALESFORCE_PORT).`;
  }
  if (code === 'EACCES' && typeof e.port === 'number')
    return `Port ${e.port} needs privileges this process lacks: choose a port above 1023 (PORT).`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Where a database URL points, without its user or password. */
export function databaseAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

/** The one-line reason the PostgreSQL store could not be opened at start. */
export function databaseConnectFailure(url: string, error: unknown): StartupError {
  const where = `PostgreSQL at ${databaseAddress(url)} (DATABASE_URL)`;
  const unreachable = networkReason(error);
  if (unreachable) {
    return new StartupError(
      `Could not reach ${where}: ${unreachable}. Check the host and port, that the server runs, and any firewall.`,
    );
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  // SQLSTATE classes 28 (authorization) and 3D (no such database).
  if (code?.startsWith('28')) {
    return new StartupError(
      `${where} refused the companion's sign-in (${message}). Check the user and password in DATABASE_URL.`,
    );
  }
  if (code === '3D000') {
    return new StartupError(
      `${where}: ${message}. Create the database (createdb), or name an existing one in DATABASE_URL.`,
    );
  }
  return new StartupError(`${where} could not be opened: ${message}.`);
}
