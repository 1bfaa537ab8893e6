// Reads the project file and the files of its package directories.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseMetadataXml } from './xml-document.mjs';

/**
 * @typedef {object} SourceFile
 * @property {string} rel      path relative to the project directory, with forward slashes
 * @property {string} abs
 * @property {string} name     base name
 * @property {string | undefined} suffix  metadata suffix of a -meta.xml file (field, object, md…)
 * @property {string} text
 * @property {() => import('./xml-document.mjs').ParsedXml} xml  parsed once, on demand
 */

/**
 * @typedef {object} Project
 * @property {string} dir
 * @property {string} projectFile
 * @property {string | undefined} sourceApiVersion
 * @property {string[]} packageDirectories  relative to dir
 */

/**
 * @param {string} projectFile
 * @returns {Project}
 */
export function readProject(projectFile) {
  const abs = path.resolve(projectFile);
  const json = JSON.parse(readFileSync(abs, 'utf8'));
  const dirs = Array.isArray(json.packageDirectories)
    ? json.packageDirectories.map((/** @type {{path: string}} */ d) => d.path).filter(Boolean)
    : [];
  return {
    dir: path.dirname(abs),
    projectFile: abs,
    sourceApiVersion:
      json.sourceApiVersion === undefined ? undefined : String(json.sourceApiVersion),
    packageDirectories: dirs,
  };
}

const META_SUFFIX = /\.([A-Za-z]+)-meta\.xml$/;
const ALWAYS_SKIPPED = new Set([
  '__tests__',
  'node_modules',
  '.sfdx',
  '.sf',
  '.git',
  '.localdevserver',
]);
const TEXT_EXTENSIONS = new Set([
  '.xml',
  '.cls',
  '.trigger',
  '.js',
  '.html',
  '.css',
  '.json',
  '.ts',
  '.svg',
]);

/**
 * @param {string} name
 */
export function metaSuffix(name) {
  return META_SUFFIX.exec(name)?.[1];
}

/**
 * Every file under the given directories, less what .forceignore (simple patterns) and the
 * always-skipped folders exclude.
 * @param {Project} project
 * @param {string[]} roots  relative to project.dir
 * @returns {SourceFile[]}
 */
export function readSourceFiles(project, roots) {
  const ignored = forceIgnoreMatcher(project.dir);
  /** @type {SourceFile[]} */
  const files = [];
  for (const root of roots) {
    walk(path.resolve(project.dir, root));
  }
  return files;

  /** @param {string} dir */
  function walk(dir) {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const abs = path.join(dir, entry.name);
      const rel = path.relative(project.dir, abs).split(path.sep).join('/');
      if (ALWAYS_SKIPPED.has(entry.name) || ignored(rel, entry.isDirectory())) continue;
      if (entry.isDirectory()) {
        walk(abs);
      } else if (entry.isFile() && TEXT_EXTENSIONS.has(path.extname(entry.name))) {
        files.push(sourceFile(abs, rel, entry.name));
      }
    }
  }
}

/**
 * @param {string} abs
 * @param {string} rel
 * @param {string} name
 * @returns {SourceFile}
 */
function sourceFile(abs, rel, name) {
  const text = readFileSync(abs, 'utf8');
  /** @type {import('./xml-document.mjs').ParsedXml | undefined} */
  let parsed;
  return {
    rel,
    abs,
    name,
    suffix: metaSuffix(name),
    text,
    xml: () => (parsed ??= parseMetadataXml(text)),
  };
}

/**
 * A matcher for the simple .forceignore patterns projects use (`**\/__tests__/**`,
 * `**\/jsconfig.json`, `force-app/test`).
 * @param {string} projectDir
 * @returns {(rel: string, isDir: boolean) => boolean}
 */
function forceIgnoreMatcher(projectDir) {
  const file = path.join(projectDir, '.forceignore');
  if (!existsSync(file)) return () => false;
  const patterns = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map(globToRegExp);
  return (rel, isDir) => patterns.some((re) => re.test(rel) || (isDir && re.test(`${rel}/`)));
}

/** @param {string} glob */
function globToRegExp(glob) {
  let pattern = glob.replace(/^\/+/, '');
  const anchored = pattern.includes('/') && !pattern.startsWith('**/');
  if (pattern.endsWith('/')) pattern += '**';
  let re = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === '*' && pattern.charAt(i + 1) === '*') {
      re += '.*';
      i += 1;
      if (pattern.charAt(i + 1) === '/') i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${anchored ? '^' : '(^|/)'}${re}(/.*)?$`);
}
