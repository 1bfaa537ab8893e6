import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildComponents, bundleIsFresh } from '../build.mjs';
import { seedGrantableGroup } from '../server/demo-config.mjs';
import { inProcessDeployer } from '../server/metadata-deployers.mjs';
import { startPreviewServer } from '../server/preview-server.mjs';
import { REPO_ROOT } from '../server/repo-paths.mjs';
import { startSandboxWorld } from '../server/sandbox-world.mjs';

/**
 * Everything a browser journey needs, started on free ports of 127.0.0.1 and stopped after:
 * the emulated orgs and a companion (in process), the preview server, and headless Chromium
 * (Debian's, never a downloaded one).
 */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Screenshots of the journeys: test-results/ unless PREVIEW_SCREENSHOTS_DIR names another. */
export const SCREENSHOTS_DIR = join(
  REPO_ROOT,
  process.env['PREVIEW_SCREENSHOTS_DIR'] ?? 'test-results/preview',
);
/** What a failed journey left on screen. */
export const FAILURES_DIR = join(REPO_ROOT, 'test-results/preview');
const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * @typedef {Awaited<ReturnType<typeof startBrowserWorld>>} BrowserWorld
 */
export async function startBrowserWorld() {
  if (!bundleIsFresh()) await buildComponents();
  // Two attempts a job, so that a journey sees a job fail for good within seconds.
  const world = await startSandboxWorld({ users: 20, env: { JOB_MAX_ATTEMPTS: '2' } });
  /** @type {Array<() => Promise<unknown>>} */
  const stops = [() => world.close()];
  try {
    const { groupId } = await seedGrantableGroup(world);
    const server = await startPreviewServer({
      salesforce: {
        url: world.sandbox.salesforce.url,
        clientId: world.sandbox.credentials.salesforceClientId,
        clientSecret: world.sandbox.credentials.salesforceClientSecret,
      },
      companion: { url: world.companionUrl, secret: world.apiSecret },
      deployer: inProcessDeployer(world.sandbox.salesforce),
    });
    stops.unshift(() => server.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    stops.unshift(() => browser.close());
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    mkdirSync(FAILURES_DIR, { recursive: true });
    return {
      world,
      sandbox: world.sandbox,
      companion: world.companion,
      url: server.url,
      grantableGroupId: groupId,
      browser,
      /** A fresh page that records console errors and failed page scripts. */
      async newPage() {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 800 },
          locale: 'en-US',
          timezoneId: 'UTC',
        });
        const page = await context.newPage();
        /** @type {string[]} */
        const errors = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`console: ${message.text()}`);
        });
        page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) =>
          errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
        );
        return { page, errors, close: () => context.close() };
      },
      async close() {
        for (const stop of stops) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * axe-core on the page as the browser's accessibility tree sees it: run in an isolated world,
 * where the DOM is not filtered by synthetic shadow's patches of the page's own DOM methods.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ id: string, impact: string, help: string, targets: string[] }[]>}
 */
export async function axeViolations(page) {
  const session = await page.context().newCDPSession(page);
  try {
    const { frameTree } = await session.send('Page.getFrameTree');
    const { executionContextId } = await session.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'axe',
      grantUniveralAccess: false,
    });
    await session.send('Runtime.evaluate', {
      expression: AXE_SOURCE,
      contextId: executionContextId,
    });
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
      expression: `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      })))`,
    });
    if (exceptionDetails)
      throw new Error(
        `axe failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
      );
    return result.value;
  } finally {
    await session.detach();
  }
}

/**
 * Serious and critical violations fail the journey; the others are reported.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @param {{ diagnostic: (message: string) => void }} t
 */
export async function assertAccessible(page, label, t) {
  const violations = await axeViolations(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((v) => !blocking.includes(v))) {
    t.diagnostic(`${label}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
  }
  if (blocking.length) {
    throw new Error(
      `${label}: accessibility violations\n${blocking.map((v) => `  ${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`).join('\n')}`,
    );
  }
}

/**
 * The whole page, or only the viewport (`fullPage: false`, e.g. while a dialog is open).
 * @param {import('playwright-core').Page} page @param {string} name @param {string} [dir]
 * @param {{ fullPage?: boolean }} [options]
 */
export async function screenshot(page, name, dir = SCREENSHOTS_DIR, options = {}) {
  // A whole-page capture taken while scrolled draws the sticky header mid-page.
  if (options.fullPage ?? true) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({
    path: join(dir, `${name}.png`),
    fullPage: options.fullPage ?? true,
    animations: 'disabled',
  });
}
