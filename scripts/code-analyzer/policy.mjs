// What fails the build among Code Analyzer's findings, and how a checked-in suppression (with its
// reason) lets one through. Pure: findings in, verdict out.

/**
 * @typedef {object} Finding
 * @property {string} engine
 * @property {string} rule
 * @property {number} severity   1 critical … 5 info
 * @property {string[]} tags
 * @property {string} file       relative to the project, forward slashes
 * @property {number | undefined} line
 * @property {string} message
 */

/**
 * @typedef {object} Suppression
 * @property {string} rule    engine:rule, e.g. pmd:ProtectSensitiveData
 * @property {string} file    relative to the project
 * @property {string} reason
 */

/** Tags whose every finding blocks, whatever its severity. */
export const BLOCKING_TAGS = ['Security', 'AppExchange'];
/** Severities that block: 1 (critical) and 2 (high). */
export const BLOCKING_SEVERITY = 2;

/** @param {Finding} finding */
export function isBlocking(finding) {
  return (
    finding.severity <= BLOCKING_SEVERITY || finding.tags.some((t) => BLOCKING_TAGS.includes(t))
  );
}

/**
 * Problems of the suppression file itself: every entry names a rule and a file and gives a reason.
 * @param {unknown} entries
 * @returns {string[]}
 */
export function suppressionFileProblems(entries) {
  if (!Array.isArray(entries)) return ['the suppression file must hold a JSON array'];
  /** @type {string[]} */
  const problems = [];
  const seen = new Set();
  entries.forEach((entry, i) => {
    const at = `suppression ${i + 1}`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${at}: must be an object with rule, file and reason`);
      return;
    }
    const { rule, file, reason } = /** @type {Record<string, unknown>} */ (entry);
    if (typeof rule !== 'string' || !/^[\w-]+:\S+$/.test(rule))
      problems.push(`${at}: rule must be engine:rule (for example pmd:ProtectSensitiveData)`);
    if (typeof file !== 'string' || file.length === 0) problems.push(`${at}: file is required`);
    if (typeof reason !== 'string' || reason.trim().length < 20)
      problems.push(`${at}: a reason of at least a sentence is required`);
    const key = `${String(rule)} ${String(file)}`;
    if (seen.has(key)) problems.push(`${at}: ${key} is listed twice`);
    seen.add(key);
  });
  return problems;
}

/**
 * @param {Finding[]} findings
 * @param {Suppression[]} suppressions
 */
export function judge(findings, suppressions) {
  const used = new Set();
  /** @type {Finding[]} */
  const blocking = [];
  /** @type {{ finding: Finding, suppression: Suppression }[]} */
  const suppressed = [];
  /** @type {Finding[]} */
  const advisory = [];
  for (const finding of findings) {
    if (!isBlocking(finding)) {
      advisory.push(finding);
      continue;
    }
    const suppression = suppressions.find(
      (s) => s.rule === `${finding.engine}:${finding.rule}` && s.file === finding.file,
    );
    if (suppression) {
      used.add(suppression);
      suppressed.push({ finding, suppression });
    } else {
      blocking.push(finding);
    }
  }
  const unused = suppressions.filter((s) => !used.has(s));
  return {
    blocking,
    suppressed,
    advisory,
    unused,
    ok: blocking.length === 0 && unused.length === 0,
  };
}
