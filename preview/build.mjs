import { readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { salesforceModules } from './build/salesforce-modules.mjs';
import { BUNDLE_DIR, LWC_DIR, REPO_ROOT } from './server/repo-paths.mjs';

const ENTRY = join(REPO_ROOT, 'preview/client/main.js');
export const BUNDLE_FILE = 'preview.js';

/** `c/<bundle>` aliases for every bundle of force-app's lwc folder (the Salesforce layout). */
function componentAliases() {
  return readdirSync(LWC_DIR, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(LWC_DIR, entry.name, `${entry.name}.js`)),
    )
    .map((entry) => ({
      name: `c/${entry.name}`,
      path: join(LWC_DIR, entry.name, `${entry.name}.js`),
    }));
}

/**
 * Compiles the components of force-app (unchanged) with the LWC compiler, Lightning base
 * components and the preview's platform adapters into one browser bundle.
 * @param {{ outDir?: string, development?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ file: string, seconds: number }>}
 */
export async function buildComponents(options = {}) {
  const outDir = options.outDir ?? BUNDLE_DIR;
  const started = performance.now();
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      salesforceModules(),
      lwc({
        rootDir: join(REPO_ROOT, 'preview/client'),
        enableDynamicComponents: true,
        modules: [...componentAliases(), { npm: 'lightning-base-components' }],
      }),
      replace({
        preventAssignment: true,
        values: {
          // Lightning Experience runs the production build of the engine and base components.
          'process.env.NODE_ENV': JSON.stringify(
            options.development ? 'development' : 'production',
          ),
          'import.meta.env.SSR': 'false',
        },
      }),
      nodeResolve({ browser: true }),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // Template warnings of the base components are theirs; the product's own are shown.
      if (
        String(warning.id ?? warning.loc?.file ?? '').includes(
          'node_modules/lightning-base-components/',
        )
      )
        return;
      warn(warning);
    },
  });
  try {
    await bundle.write({
      file: join(outDir, BUNDLE_FILE),
      format: 'esm',
      inlineDynamicImports: true,
      sourcemap: false,
    });
  } finally {
    await bundle.close();
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  options.log?.(`Built ${relative(REPO_ROOT, join(outDir, BUNDLE_FILE))} in ${seconds} s`);
  return { file: join(outDir, BUNDLE_FILE), seconds };
}

/** True when the bundle exists and is newer than the components and the preview's own build inputs. */
export function bundleIsFresh(outDir = BUNDLE_DIR) {
  const file = join(outDir, BUNDLE_FILE);
  if (!existsSync(file)) return false;
  const builtAt = statSync(file).mtimeMs;
  const newer = (/** @type {string} */ dir) =>
    readdirSync(dir, { withFileTypes: true, recursive: true }).some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt,
    );
  return (
    !newer(LWC_DIR) &&
    !newer(join(REPO_ROOT, 'preview/client')) &&
    !newer(join(REPO_ROOT, 'preview/build')) &&
    statSync(join(REPO_ROOT, 'preview/build.mjs')).mtimeMs <= builtAt
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildComponents({ log: (line) => process.stdout.write(`${line}\n`) }).catch((error) => {
    process.stderr.write(
      `The preview build failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
