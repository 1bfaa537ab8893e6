import { parseArgs } from 'node:util';
import { buildComponents, bundleIsFresh } from './build.mjs';
import { inProcessDeployer, sandboxAdminDeployer } from './server/metadata-deployers.mjs';
import { startPreviewServer } from './server/preview-server.mjs';
import { startSandboxWorld } from './server/sandbox-world.mjs';
import { seedGrantableGroup } from './server/demo-config.mjs';

/**
 * `npm run preview`: builds the components when their sources changed, then serves the three
 * pages against the sandbox of `npm start` (ports from PORT and SANDBOX_SALESFORCE_PORT), or,
 * with --sandbox, against a sandbox and companion of its own.
 */
const USAGE = `Usage: npm run preview [-- --sandbox] [--port <n>] [--rebuild]
  --sandbox   start an emulated Okta and Salesforce org and a companion in this process
              (needs \`npm run build\`) instead of using the ones \`npm start\` runs
  --port <n>  port of the preview on 127.0.0.1 (default 8790; 0 for any free port)
  --rebuild   build the components even when the last build is up to date`;

const SANDBOX = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  apiSecret: 'sandbox-api-secret',
  adminSecret: 'sandbox-secret',
};

/** True when something answers HTTP at the URL (any status). */
async function answers(/** @type {string} */ url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      sandbox: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env['PREVIEW_PORT'] ?? '8790' },
      rebuild: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Not a port: ${values.port}\n${USAGE}`);

  if (values.rebuild || !bundleIsFresh()) {
    process.stdout.write('Building the Lightning components (about 40 s)…\n');
    await buildComponents({ log: (line) => process.stdout.write(`${line}\n`) });
  }

  /** @type {(() => Promise<void>)[]} */
  const stops = [];
  let server;
  if (values.sandbox) {
    // The same world as `npm start`: SANDBOX_USERS, or the companion's default.
    const world = await startSandboxWorld({ users: 'configured' });
    stops.push(() => world.close());
    await seedGrantableGroup(world);
    server = await startPreviewServer({
      salesforce: {
        url: world.sandbox.salesforce.url,
        clientId: SANDBOX.clientId,
        clientSecret: SANDBOX.clientSecret,
      },
      companion: { url: world.companionUrl, secret: world.apiSecret },
      deployer: inProcessDeployer(world.sandbox.salesforce),
      port,
    });
  } else {
    const salesforceUrl = `http://127.0.0.1:${process.env['SANDBOX_SALESFORCE_PORT'] ?? '8789'}`;
    const companionUrl =
      process.env['COMPANION_URL'] ?? `http://127.0.0.1:${process.env['PORT'] ?? '8787'}`;
    server = await startPreviewServer({
      salesforce: {
        url: salesforceUrl,
        clientId: SANDBOX.clientId,
        clientSecret: SANDBOX.clientSecret,
      },
      companion: {
        url: companionUrl,
        secret: process.env['COMPANION_API_SECRET'] ?? SANDBOX.apiSecret,
      },
      deployer: sandboxAdminDeployer({ url: salesforceUrl, adminSecret: SANDBOX.adminSecret }),
      port,
    });
    process.stdout.write(
      `Using the sandbox of \`npm start\`: Salesforce ${salesforceUrl}, companion ${companionUrl}.\n`,
    );
    for (const [name, url] of [
      ['emulated Salesforce org', `${salesforceUrl}/services/data`],
      ['companion', `${companionUrl}/healthz`],
    ]) {
      if (!(await answers(url))) {
        process.stdout.write(
          `  The ${name} does not answer at ${new URL(url).origin}: start the sandbox with \`npm start\` in another terminal, or run \`npm run preview -- --sandbox\`.\n`,
        );
      }
    }
  }
  stops.unshift(() => server.close());
  process.stdout.write(
    [
      '',
      `  Okta Sync Lightning preview: ${server.url}/`,
      `    Setup page     ${server.url}/setup`,
      `    Contact page   ${server.url}/contact   (?id=<Contact Id> for another record)`,
      `    Case page      ${server.url}/case      (?id=<Case Id> for another record)`,
      '',
      '  Ctrl+C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    Promise.all(stops.map((s) => s())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(
    `The preview could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
