// The Dockerfile cannot be built on the machines the project is developed on (no container
// engine), so this keeps it in step with the project instead: versions, paths and the health check.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lines = dockerfile.split('\n');
const stages = lines.filter((line) => /^FROM\s/.test(line));

test('every stage runs a Node version the project supports', () => {
  assert.ok(stages.length >= 2, 'a multi-stage build');
  const minimum = pkg.engines.node.match(/>=\s*(\d+)\.(\d+)/);
  for (const stage of stages) {
    const version = stage.match(/node:(\d+)\.(\d+)/);
    assert.ok(version, `${stage}: pin the Node major and minor version`);
    assert.equal(version[1], minimum[1], `${stage}: Node ${minimum[1]}, as package.json's engines`);
    assert.ok(Number(version[2]) >= Number(minimum[2]), `${stage}: at least ${pkg.engines.node}`);
  }
});

test('compiles with the TypeScript the project pins', () => {
  const pinned = pkg.devDependencies.typescript;
  assert.match(dockerfile, new RegExp(`typescript@${pinned.replaceAll('.', '\\.')}\\b`));
});

test('starts the companion the way npm start does, as a non-root user with a bounded heap', () => {
  const cmd = lines.find((line) => line.startsWith('CMD '));
  const entry = JSON.parse(cmd.slice(4)).at(-1);
  // The flags between `node` and the entry are the heap limit (scripts/heap-limit.test.mjs).
  assert.match(
    pkg.scripts.start,
    new RegExp(`node (\\S+ )*${entry}$`),
    `npm start runs ${entry} too`,
  );
  assert.ok(existsSync(join(root, entry.replace('dist/', '').replace(/\.js$/, '.ts'))));
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /NODE_OPTIONS=--max-old-space-size=\d+/);
});

test('checks its own health on the route the companion serves', () => {
  assert.match(dockerfile, /^HEALTHCHECK .*\/healthz/ms);
  const app = readFileSync(join(root, 'companion/src/app.ts'), 'utf8');
  assert.match(app, /'\/healthz'/);
});
