import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (this file is preview/server/repo-paths.mjs). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LWC_DIR = join(REPO_ROOT, 'force-app/main/default/lwc');
export const APEX_DIR = join(REPO_ROOT, 'force-app/main/default/classes');
export const SLDS_ASSETS_DIR = join(REPO_ROOT, 'node_modules/@salesforce-ux/design-system/assets');
/** Build output of the components (ignored by git and lint). */
export const BUNDLE_DIR = join(REPO_ROOT, '.preview/dist');
