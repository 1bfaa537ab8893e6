// Parses Apex classes and triggers once and extracts what the rules check: syntax errors, the
// top-level declaration (sharing, @IsTest, @AuraEnabled methods) and every inline SOQL query.
import {
  ApexErrorListener,
  ApexParserFactory,
  BoundExpressionContext,
  FieldNameContext,
  QueryContext,
  SubQueryContext,
  TypeDeclarationContext,
  TypeOfContext,
  ValueContext,
} from '@apexdevtools/apex-parser';

/**
 * @typedef {{ path: string[], line: number }} FieldRef
 * @typedef {object} SoqlQuery
 * @property {number} line
 * @property {[number, number]} span  character offsets of the query text in the source
 * @property {string} from         object (or child relationship for a nested query)
 * @property {'top' | 'child' | 'semijoin'} role
 * @property {FieldRef[]} fields
 * @property {string | undefined} accessMode  USER_MODE, SECURITY_ENFORCED, SYSTEM_MODE
 * @property {SoqlQuery[]} children   nested relationship queries
 * @property {SoqlQuery[]} semiJoins  subqueries in WHERE … IN (SELECT …)
 */

/**
 * @typedef {object} ApexDeclaration
 * @property {'class' | 'interface' | 'enum'} kind
 * @property {string} name
 * @property {number} line
 * @property {'with' | 'without' | 'inherited' | undefined} sharing
 * @property {boolean} isTest
 * @property {string} header   source text before the declaration's body (annotations, comments)
 * @property {Set<string>} auraEnabledMethods  lower-case names of static @AuraEnabled methods
 */

/**
 * @typedef {object} ApexAnalysis
 * @property {{ line: number, column: number, message: string }[]} errors
 * @property {ApexDeclaration | undefined} declaration
 * @property {SoqlQuery[]} queries
 */

class CollectingListener extends ApexErrorListener {
  /** @type {{ line: number, column: number, message: string }[]} */
  errors = [];
  /**
   * @param {number} line
   * @param {number} column
   * @param {string} message
   */
  apexSyntaxError(line, column, message) {
    this.errors.push({ line, column, message: shortenMessage(message) });
  }
}

/** @param {string} message */
function shortenMessage(message) {
  return message.replace(/expecting \{[^}]{80,}\}/, 'expecting one of many tokens');
}

/** @type {WeakMap<object, ApexAnalysis>} */
const cache = new WeakMap();

/**
 * @param {import('./source-files.mjs').SourceFile} file
 * @returns {ApexAnalysis}
 */
export function analyseApex(file) {
  const cached = cache.get(file);
  if (cached) return cached;
  const analysis = analyseApexSource(
    file.text,
    file.name.endsWith('.trigger') ? 'trigger' : 'class',
  );
  cache.set(file, analysis);
  return analysis;
}

/**
 * @param {string} source
 * @param {'class' | 'trigger'} unit
 * @returns {ApexAnalysis}
 */
export function analyseApexSource(source, unit) {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  const tree = unit === 'trigger' ? parser.triggerUnit() : parser.compilationUnit();
  /** @type {SoqlQuery[]} */
  const queries = [];
  /** @type {ApexDeclaration | undefined} */
  let declaration;
  walk(tree, (node) => {
    if (node instanceof TypeDeclarationContext && !declaration)
      declaration = describeDeclaration(node, source);
    if (node instanceof QueryContext) {
      queries.push(describeQuery(node, 'top'));
      return false;
    }
    return true;
  });
  return { errors: listener.errors, declaration, queries };
}

/**
 * Depth-first walk; the visitor returns false to skip a node's children.
 * @param {any} node
 * @param {(node: any) => boolean} visit
 */
function walk(node, visit) {
  if (!visit(node)) return;
  for (const child of node.children ?? []) walk(child, visit);
}

/**
 * @param {TypeDeclarationContext} node
 * @param {string} source
 * @returns {ApexDeclaration}
 */
function describeDeclaration(node, source) {
  const modifiers = node.modifier_list();
  /** @type {ApexDeclaration['sharing']} */
  let sharing;
  let isTest = false;
  for (const modifier of modifiers) {
    if (modifier.SHARING()) {
      sharing = modifier.WITH() ? 'with' : modifier.WITHOUT() ? 'without' : 'inherited';
    }
    const annotation = modifier.annotation();
    if (annotation && annotation.id().getText().toLowerCase() === 'istest') isTest = true;
  }
  const classNode = node.classDeclaration();
  const kind = classNode ? 'class' : node.interfaceDeclaration() ? 'interface' : 'enum';
  const nameNode =
    classNode?.id() ?? node.interfaceDeclaration()?.id() ?? node.enumDeclaration()?.id();
  const bodyStart = classNode?.classBody()?.start?.start ?? node.stop?.start ?? 0;
  return {
    kind,
    name: nameNode?.getText() ?? '',
    line: node.start?.line ?? 1,
    sharing,
    isTest,
    header: source.slice(0, bodyStart),
    auraEnabledMethods: classNode ? auraEnabledMethods(classNode) : new Set(),
  };
}

/**
 * @param {import('@apexdevtools/apex-parser').ClassDeclarationContext} classNode
 * @returns {Set<string>}
 */
function auraEnabledMethods(classNode) {
  const names = new Set();
  for (const member of classNode.classBody()?.classBodyDeclaration_list() ?? []) {
    const method = member.memberDeclaration()?.methodDeclaration();
    if (!method) continue;
    const modifiers = member.modifier_list();
    const isStatic = modifiers.some((m) => m.STATIC());
    const isAura = modifiers.some(
      (m) => m.annotation()?.id().getText().toLowerCase() === 'auraenabled',
    );
    if (isStatic && isAura) names.add(method.id().getText().toLowerCase());
  }
  return names;
}

/**
 * @param {QueryContext | SubQueryContext} node
 * @param {SoqlQuery['role']} role
 * @returns {SoqlQuery}
 */
function describeQuery(node, role) {
  const fromList = node.fromNameList();
  const fromNames = fromList?.fieldName_list() ?? [];
  const from = fromNames[0]?.getText() ?? '';
  const alias = fromList?.soqlId_list()?.[0]?.getText();
  /** @type {SoqlQuery} */
  const query = {
    line: node.start?.line ?? 1,
    span: [node.start?.start ?? 0, (node.stop?.stop ?? 0) + 1],
    from,
    role,
    fields: [],
    accessMode: undefined,
    children: [],
    semiJoins: [],
  };
  if (node instanceof QueryContext) {
    const withClause = node.withClause();
    if (withClause?.USER_MODE()) query.accessMode = 'USER_MODE';
    else if (withClause?.SECURITY_ENFORCED()) query.accessMode = 'SECURITY_ENFORCED';
    else if (withClause?.SYSTEM_MODE()) query.accessMode = 'SYSTEM_MODE';
  }
  for (const child of node.children ?? []) {
    if (child === fromList) continue;
    walk(child, (inner) => {
      if (inner instanceof SubQueryContext) {
        const inSelect = !(inner.parentCtx instanceof ValueContext);
        const nested = describeQuery(inner, inSelect ? 'child' : 'semijoin');
        (inSelect ? query.children : query.semiJoins).push(nested);
        return false;
      }
      if (inner instanceof TypeOfContext || inner instanceof BoundExpressionContext) {
        return false;
      }
      if (inner instanceof FieldNameContext) {
        let path = inner.soqlId_list().map((id) => id.getText());
        if (alias && path.length > 1 && path[0]?.toLowerCase() === alias.toLowerCase())
          path = path.slice(1);
        query.fields.push({ path, line: inner.start?.line ?? query.line });
        return false;
      }
      return true;
    });
  }
  return query;
}
