// Every XML file parses, declares the metadata namespace on its root, and its root element is
// the one its file suffix stands for.
import { problemCollector } from '../rule.mjs';
import { METADATA_NAMESPACE } from '../xml-document.mjs';
import { ROOT_BY_SUFFIX } from '../metadata-vocabulary.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'xml-well-formed',
  description: 'XML parses, uses the metadata namespace, and has the root element its suffix names',
  check({ files }) {
    const { problems, report } = problemCollector('xml-well-formed');
    for (const file of files) {
      if (!file.name.endsWith('.xml')) continue;
      const parsed = file.xml();
      if (!parsed.ok) {
        report(file, 'xml', `malformed XML: ${parsed.message}`, parsed.line);
        continue;
      }
      if (parsed.namespace !== METADATA_NAMESPACE) {
        report(
          file,
          parsed.rootName,
          parsed.namespace === undefined
            ? `root element has no xmlns="${METADATA_NAMESPACE}"`
            : `root element namespace is ${parsed.namespace}, expected ${METADATA_NAMESPACE}`,
          2,
        );
      }
      const expected = file.suffix === undefined ? undefined : ROOT_BY_SUFFIX.get(file.suffix);
      if (expected && parsed.rootName !== expected) {
        report(
          file,
          parsed.rootName,
          `a .${file.suffix}-meta.xml file must have the root element ${expected}`,
        );
      }
    }
    return problems;
  },
};
