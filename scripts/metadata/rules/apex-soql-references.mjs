// Inline SOQL in Apex names objects, fields and relationships that exist; so do
// Schema.SObjectType.X.fields.Y and X.Field__c tokens.
import { problemCollector } from '../rule.mjs';
import { lineAt } from '../xml-document.mjs';
import { knownObject, resolveFieldPath, unknownObjectMessage } from '../schema-lookup.mjs';
import { analyseApex } from '../apex-source.mjs';

const DESCRIBE_TOKEN = /\bSchema\.SObjectType\.(\w+)\.fields\.(\w+)/g;
const FIELD_TOKEN = /(?<![\w.])([A-Za-z]\w*)\.(\w+__c)\b/g;

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'apex-soql-references',
  description: 'SOQL and field tokens in Apex name existing objects and fields',
  check({ index }) {
    const { problems, report } = problemCollector('apex-soql-references');
    for (const file of [...index.classes.values(), ...index.triggers.values()]) {
      const analysis = analyseApex(file);
      /**
       * @param {import('../apex-source.mjs').SoqlQuery} query
       * @param {string} objectName
       */
      const checkFields = (query, objectName) => {
        for (const ref of query.fields) {
          const resolved = resolveFieldPath(index, objectName, ref.path);
          if (!resolved.ok)
            report(file, `${query.from}: ${ref.path.join('.')}`, resolved.message, ref.line);
        }
      };
      /** @param {import('../apex-source.mjs').SoqlQuery} query */
      const checkQuery = (query) => {
        const object = knownObject(index, query.from);
        if (!object) {
          report(file, `FROM ${query.from}`, unknownObjectMessage(index, query.from), query.line);
          return;
        }
        checkFields(query, object.name);
        for (const child of query.children) {
          const childObject = object.childRelationships.get(child.from.toLowerCase());
          if (!childObject) {
            if (/__r$/i.test(child.from) || object.kind !== 'standard') {
              report(
                file,
                `FROM ${child.from}`,
                `${object.name} has no child relationship ${child.from}`,
                child.line,
              );
            }
            continue;
          }
          checkFields(child, childObject);
        }
        query.semiJoins.forEach(checkQuery);
      };
      analysis.queries.forEach(checkQuery);

      let code = withoutCommentsAndStrings(file.text);
      for (const {
        span: [from, to],
      } of analysis.queries) {
        code = code.slice(0, from) + code.slice(from, to).replace(/[^\n]/g, ' ') + code.slice(to);
      }
      for (const match of code.matchAll(DESCRIBE_TOKEN)) {
        const [, objectName = '', fieldName = ''] = match;
        const resolved = resolveFieldPath(index, objectName, [fieldName]);
        if (!resolved.ok)
          report(
            file,
            `Schema.SObjectType.${objectName}.fields.${fieldName}`,
            resolved.message,
            lineAt(code, match.index ?? 0),
          );
      }
      for (const match of code.matchAll(FIELD_TOKEN)) {
        const [, objectName = '', fieldName = ''] = match;
        // Apex identifiers cannot hold "__", so X__c.Field__c is always an sObject field token;
        // for standard names only the exact spelling of a known object is taken as one.
        const object = index.objects.get(objectName.toLowerCase());
        if (!objectName.includes('__') && (!object?.known || object.name !== objectName)) continue;
        const resolved = resolveFieldPath(index, objectName, [fieldName]);
        if (!resolved.ok)
          report(
            file,
            `${objectName}.${fieldName}`,
            resolved.message,
            lineAt(code, match.index ?? 0),
          );
      }
    }
    return problems;
  },
};

/**
 * Blanks comments and string literals (keeping line breaks) so token searches see code only.
 * @param {string} source
 */
export function withoutCommentsAndStrings(source) {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}
