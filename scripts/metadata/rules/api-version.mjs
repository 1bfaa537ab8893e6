// Every <apiVersion> equals sourceApiVersion of sfdx-project.json, and files that need one have one.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, text } from '../xml-document.mjs';

const NEEDS_API_VERSION = new Set(['cls', 'trigger', 'js', 'page', 'component']);

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'api-version',
  description: 'every apiVersion equals the project sourceApiVersion',
  check({ project, files }) {
    const { problems, report } = problemCollector('api-version');
    const projectFile = project.projectFile.slice(project.dir.length + 1);
    const expected = project.sourceApiVersion;
    if (expected === undefined || !/^\d+\.0$/.test(expected)) {
      report(
        projectFile,
        'sourceApiVersion',
        `must be set as "NN.0" (found ${JSON.stringify(expected)})`,
      );
      return problems;
    }
    for (const file of files) {
      if (!file.name.endsWith('-meta.xml')) continue;
      const root = rootOf(file);
      if (!root) continue;
      const version = text(root.apiVersion);
      if (version === undefined) {
        if (file.suffix && NEEDS_API_VERSION.has(file.suffix)) {
          report(file, 'apiVersion', `missing; must be ${expected}`);
        }
        continue;
      }
      if (version !== expected) {
        report(
          file,
          'apiVersion',
          `${version} differs from sourceApiVersion ${expected}`,
          elementLine(file.text, 'apiVersion', version),
        );
      }
    }
    return problems;
  },
};
