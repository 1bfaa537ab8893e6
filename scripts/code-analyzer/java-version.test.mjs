import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JavaVersionIdentifier } from './java-version.mjs';
import { analyze } from './run.mjs';

const HERE = import.meta.dirname;

describe('Java version check', () => {
  /** @type {string} */
  let dir;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'java-version-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in `java` that records each run in `runs` and then runs `body`. */
  const fakeJava = (/** @type {string} */ name, /** @type {string} */ body) => {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho run >> "${file}.runs"\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const runs = (/** @type {string} */ file) =>
    readFileSync(`${file}.runs`, 'utf8').trim().split('\n').length;

  it('reads a version written after the process has exited', async () => {
    // The version line reaches stderr 300 ms after `java` itself exits (a process that
    // inherited the stream writes it): a check that parses at 'exit' sees nothing.
    const java = fakeJava(
      'late',
      `(sleep 0.3; echo 'openjdk version "17.0.15" 2025-04-15' >&2) &\nexit 0`,
    );
    const version = await new JavaVersionIdentifier().identifyJavaVersion(java);
    assert.equal(version?.version, '17.0.15');
  });

  it('runs the command once for engines that ask together', async () => {
    const java = fakeJava('shared', `echo 'openjdk version "21.0.2" 2024-01-16' >&2`);
    const identifier = new JavaVersionIdentifier();
    const versions = await Promise.all([
      identifier.identifyJavaVersion(java),
      identifier.identifyJavaVersion(java),
    ]);
    assert.deepEqual(
      versions.map((v) => v?.major),
      [21, 21],
    );
    assert.equal(runs(java), 1);
  });

  it("rejects with the command's own words when it fails, and tries again next time", async () => {
    const java = fakeJava(
      'broken',
      `echo 'Error: could not create the Java Virtual Machine.' >&2\nexit 1`,
    );
    const identifier = new JavaVersionIdentifier();
    await assert.rejects(
      identifier.identifyJavaVersion(java),
      /could not create the Java Virtual Machine/,
    );
    await assert.rejects(identifier.identifyJavaVersion(java), /could not create/);
    assert.equal(runs(java), 2);
  });

  it('rejects when the command does not exist', async () => {
    await assert.rejects(
      new JavaVersionIdentifier().identifyJavaVersion(path.join(dir, 'missing')),
      /ENOENT/,
    );
  });
});

describe('code analyzer whose Java cannot start', () => {
  it('fails naming the engine and the reason instead of returning a finding', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'broken-java-'));
    const java = path.join(dir, 'java');
    writeFileSync(
      java,
      `#!/bin/sh\necho 'Error: could not create the Java Virtual Machine.' >&2\nexit 1\n`,
    );
    chmodSync(java, 0o755);
    try {
      await assert.rejects(
        analyze({
          projectDir: path.join(HERE, 'fixtures', 'flagged'),
          targets: ['force-app/main'],
          engines: ['pmd'],
          javaCommand: java,
        }),
        /engine pmd could not run \(UninstantiableEngineError\)[^]*could not create the Java Virtual Machine/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
