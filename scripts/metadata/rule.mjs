// The shape shared by every rule, and how a rule reports a problem.

/**
 * @typedef {object} Problem
 * @property {string} file     relative to the project directory
 * @property {number | undefined} [line]
 * @property {string} element  what the problem is about (an element, a field, a reference)
 * @property {string} message
 * @property {string} rule
 */

/**
 * @typedef {object} RuleContext
 * @property {import('./source-files.mjs').Project} project
 * @property {import('./source-files.mjs').SourceFile[]} files
 * @property {import('./metadata-index.mjs').MetadataIndex} index
 * @property {{ adminPermissionSets: string[] }} options
 */

/**
 * @typedef {object} Rule
 * @property {string} id
 * @property {string} description
 * @property {(context: RuleContext) => Problem[]} check
 */

/**
 * A collector of problems for one rule.
 * @param {string} rule
 */
export function problemCollector(rule) {
  /** @type {Problem[]} */
  const problems = [];
  return {
    problems,
    /**
     * @param {{ rel: string } | string} file
     * @param {string} element
     * @param {string} message
     * @param {number | undefined} [line]
     */
    report(file, element, message, line) {
      const rel = typeof file === 'string' ? file : file.rel;
      problems.push(
        line === undefined
          ? { file: rel, element, message, rule }
          : { file: rel, line, element, message, rule },
      );
    },
  };
}

/**
 * The parsed root of a metadata file, or undefined when it does not parse (the XML rule
 * reports that once).
 * @param {import('./source-files.mjs').SourceFile} file
 */
export function rootOf(file) {
  const parsed = file.xml();
  return parsed.ok ? parsed.root : undefined;
}

/**
 * @param {Problem} problem
 */
export function formatProblem(problem) {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where} ${problem.element}: ${problem.message} [${problem.rule}]`;
}
