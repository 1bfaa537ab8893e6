import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './repo-paths.mjs';

/**
 * The emulated Okta and Salesforce orgs and a companion wired to them as `npm start` wires
 * them, all in this process on free ports of 127.0.0.1. Loaded from the compiled companion
 * (`npm run build` → companion/dist; PREVIEW_COMPANION_DIST names another build).
 *
 * @typedef {object} World
 * @property {any} sandbox the sandbox handle (okta, salesforce emulators with their helpers)
 * @property {any} companion the running companion
 * @property {string} companionUrl
 * @property {string} apiSecret
 * @property {() => Promise<void>} close
 */

/** @param {string} [dist] */
async function companionModules(dist = process.env['PREVIEW_COMPANION_DIST']) {
  const root = resolve(REPO_ROOT, dist ?? 'companion/dist');
  /** @param {string} path */
  const load = (path) => import(pathToFileURL(join(root, path)).href);
  try {
    const [sandboxIndex, sandboxMode, companion, config, logger, hooks] = await Promise.all([
      load('sandbox/index.js'),
      load('bin/sandbox-mode.js'),
      load('src/companion.js'),
      load('src/config.js'),
      load('src/logger.js'),
      load('src/intake/event-hook-registration.js'),
    ]);
    return { sandboxIndex, sandboxMode, companion, config, logger, hooks };
  } catch (error) {
    throw new Error(
      `The compiled companion was not found in ${root}: run \`npm run build\` first. (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/**
 * `users: 'configured'` seeds the world `npm start` seeds (SANDBOX_USERS or its default).
 * @param {{ users?: number | 'configured', env?: Record<string, string>, companionDist?: string }} [options]
 * @returns {Promise<World>}
 */
export async function startSandboxWorld(options = {}) {
  const m = await companionModules(options.companionDist);
  const users =
    options.users === 'configured'
      ? m.config.parseEnvironment({
          ...process.env,
          OKTA_ORG_URL: undefined,
          SF_LOGIN_URL: undefined,
        }).sandbox.users
      : (options.users ?? 20);
  const sandbox = await m.sandboxIndex.startSandbox({ users });
  const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-preview-'));
  try {
    const parsed = m.config.parseEnvironment({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    const config = m.sandboxMode.sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox);
    const companion = await m.companion.startCompanion(config, {
      logger: m.logger.silentLogger(),
    });
    await m.hooks.registerEventHook(companion.okta, {
      uri: `${companion.url}/hooks/okta`,
      secret: config.okta.hookSecret,
    });
    return {
      sandbox,
      companion,
      companionUrl: companion.url,
      apiSecret: sandbox.credentials.companionApiSecret,
      async close() {
        await companion.stop();
        await sandbox.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
