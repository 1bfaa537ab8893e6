// Apex as the project writes it: a -meta.xml beside every class and trigger, class and file
// names that agree, sharing declared, and SOQL that enforces the user's access.
import { problemCollector } from '../rule.mjs';
import { lineAt } from '../xml-document.mjs';
import { analyseApex } from '../apex-source.mjs';
import { withoutCommentsAndStrings } from './apex-soql-references.mjs';

const DYNAMIC_QUERY =
  /\bDatabase\s*\.\s*(query|queryWithBinds|countQuery|countQueryWithBinds|getQueryLocator|getQueryLocatorWithBinds)\s*\(/gi;
const SHARING_COMMENT = /(\/\/[^\n]*\bsharing\b[^\n]*|\/\*[\s\S]*?\bsharing\b[\s\S]*?\*\/)/i;

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'apex-conventions',
  description: 'Apex has meta files, declares sharing, and queries in user mode',
  check({ index, files }) {
    const { problems, report } = problemCollector('apex-conventions');
    const names = new Set(files.map((f) => f.rel));
    for (const file of [...index.classes.values(), ...index.triggers.values()]) {
      if (!names.has(`${file.rel}-meta.xml`))
        report(file, file.name, `${file.name}-meta.xml is missing`);
      const analysis = analyseApex(file);
      if (analysis.errors.length > 0) continue;
      const declaration = analysis.declaration;
      const isTrigger = file.name.endsWith('.trigger');
      if (!isTrigger && declaration) {
        const expected = file.name.slice(0, -'.cls'.length);
        if (declaration.name !== expected) {
          report(
            file,
            declaration.name,
            `the class must be named ${expected} like its file`,
            declaration.line,
          );
        }
        const needsSharing = declaration.kind === 'class' && !declaration.isTest;
        const justified = SHARING_COMMENT.test(declaration.header);
        if (needsSharing && declaration.sharing === undefined && !justified) {
          report(
            file,
            declaration.name,
            'declare "with sharing" or "inherited sharing" (or justify the choice in a comment that mentions sharing)',
            declaration.line,
          );
        }
        if (declaration.sharing === 'without' && !justified) {
          report(
            file,
            declaration.name,
            '"without sharing" needs a comment that says why',
            declaration.line,
          );
        }
      }
      if (declaration?.isTest) continue;
      for (const query of analysis.queries) {
        if (query.accessMode !== 'USER_MODE' && query.accessMode !== 'SECURITY_ENFORCED') {
          report(
            file,
            `SELECT … FROM ${query.from}`,
            `SOQL must run WITH USER_MODE (found ${query.accessMode ?? 'no access mode'})`,
            query.line,
          );
        }
      }
      const code = withoutCommentsAndStrings(file.text);
      for (const match of code.matchAll(DYNAMIC_QUERY)) {
        const start = (match.index ?? 0) + match[0].length;
        const args = code.slice(start, closingParen(code, start));
        if (!/\bAccessLevel\s*\.\s*USER_MODE\b/i.test(args)) {
          report(
            file,
            `Database.${match[1]}`,
            'dynamic SOQL must pass AccessLevel.USER_MODE',
            lineAt(code, match.index ?? 0),
          );
        }
      }
    }
    return problems;
  },
};

/**
 * Index of the parenthesis closing the one opened just before `start`.
 * @param {string} code
 * @param {number} start
 */
function closingParen(code, start) {
  let depth = 1;
  for (let i = start; i < code.length; i += 1) {
    if (code[i] === '(') depth += 1;
    else if (code[i] === ')' && (depth -= 1) === 0) return i;
  }
  return code.length;
}
