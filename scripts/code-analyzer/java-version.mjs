// The Java version check that the PMD and CPD engines run before they start.
// The engines' own check reads `java -version` when the child process emits 'exit', and Node's
// documentation warns that its stdio streams may still be open then: on a busy machine the
// version line can arrive after the check has already parsed an empty stderr, and the engine is
// reported uninstantiable. This check parses the output at 'close', once every stream has ended,
// and runs the command once however many engines ask.
import { spawn } from 'node:child_process';
import { _extractJavaVersionFrom as versionFromOutput } from '@salesforce/code-analyzer-pmd-engine/dist/JavaVersionIdentifier.js';

export class JavaVersionIdentifier {
  /** @type {Map<string, Promise<ReturnType<typeof versionFromOutput>>>} */
  #versions = new Map();

  /** @param {string} javaCommand */
  identifyJavaVersion(javaCommand) {
    let version = this.#versions.get(javaCommand);
    if (!version) {
      version = readVersion(javaCommand);
      this.#versions.set(javaCommand, version);
      // A failed check is not remembered: the engine tries the next candidate command.
      version.catch(() => this.#versions.delete(javaCommand));
    }
    return version;
  }
}

/** @param {string} javaCommand */
function readVersion(javaCommand) {
  return new Promise((resolve, reject) => {
    // `java -version` writes to stderr. Run it from this directory, not the analysed project's,
    // so that no java executable inside the project can shadow the real one.
    const child = spawn(javaCommand, ['-version'], {
      cwd: import.meta.dirname,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(error.message));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(versionFromOutput(stderr));
      else reject(stderr || `${javaCommand} -version ended with ${signal ?? `exit code ${code}`}`);
    });
  });
}
