// The companion's heap limit has one source, the Node flags of `npm start` in package.json.
// Every other way the product is started carries the same flags: the other npm scripts that
// run the companion, the container (NODE_OPTIONS) and the production command in the README.
// The benchmark reads the flags from the start script (companion/bench/start-flags.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const read = (file) => readFileSync(join(root, file), 'utf8');

/** The words between `node` and `entry` in the command of `script` that runs it. */
function nodeFlags(script, entry) {
  for (const command of script.split('&&')) {
    const words = command.trim().split(/\s+/);
    if (words[0] === 'node' && words.at(-1) === entry) return words.slice(1, -1);
  }
  return undefined;
}

/** The flags of a `NODE_OPTIONS=…` or `NODE_OPTIONS="…"` assignment. */
function nodeOptions(assignment) {
  return assignment.replace(/^"|"$/g, '').split(/\s+/);
}

const startFlags = nodeFlags(pkg.scripts.start, 'companion/dist/bin/start.js');

test('npm start bounds the heap', () => {
  assert.ok(startFlags, `npm start runs node … companion/dist/bin/start.js: ${pkg.scripts.start}`);
  assert.ok(
    startFlags.some((flag) => /^--max-old-space-size=\d+$/.test(flag)),
    `npm start sets --max-old-space-size: ${pkg.scripts.start}`,
  );
});

test('the other npm scripts that run the companion set the same flags', () => {
  for (const [name, entry] of [
    ['demo', 'companion/dist/bin/demo.js'],
    ['reconcile', 'companion/dist/bin/reconcile.js'],
  ]) {
    assert.deepEqual(nodeFlags(pkg.scripts[name], entry), startFlags, `npm run ${name}`);
  }
});

test('the container sets the same flags', () => {
  const options = read('Dockerfile').match(/^\s*NODE_OPTIONS=("[^"]*"|\S+)/m);
  assert.ok(options, 'the Dockerfile sets NODE_OPTIONS');
  assert.deepEqual(nodeOptions(options[1]), startFlags);
});

test("the README's production command sets the same flags", () => {
  const command = read('README.md').match(
    /^NODE_OPTIONS=("[^"]*"|\S+) node companion\/dist\/src\/index\.js/m,
  );
  assert.ok(command, 'README › Running the companion in production starts src/index.js');
  assert.deepEqual(nodeOptions(command[1]), startFlags);
});

test('the fast intake example gives its processes the same flags', () => {
  const section = read('README.md').split('### Fast intake')[1] ?? '';
  const options = section.match(/^export NODE_OPTIONS=("[^"]*"|\S+)/m);
  assert.ok(options, 'README › Fast intake exports NODE_OPTIONS before starting the roles');
  assert.deepEqual(nodeOptions(options[1]), startFlags);
});
