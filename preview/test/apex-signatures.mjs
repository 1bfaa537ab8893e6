import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';

class FailOnSyntaxError extends ApexErrorListener {
  /** @param {string} file */
  constructor(file) {
    super();
    this.file = file;
  }
  /** @param {number} line @param {number} column @param {string} message */
  apexSyntaxError(line, column, message) {
    throw new Error(`${this.file}:${line}:${column}: ${message}`);
  }
}

/**
 * The static `@AuraEnabled` methods of the top-level classes of a classes folder, with their
 * parameter names in order: what a Lightning component can import from `@salesforce/apex`.
 * @param {string} classesDir
 * @returns {{ name: string, params: string[] }[]} `name` is `<Class>.<method>`
 */
export function auraEnabledMethods(classesDir) {
  /** @type {{ name: string, params: string[] }[]} */
  const methods = [];
  for (const file of readdirSync(classesDir).filter((f) => f.endsWith('.cls'))) {
    const { parser } = ApexParserFactory.createLexerAndParser(
      readFileSync(join(classesDir, file), 'utf8'),
      new FailOnSyntaxError(file),
    );
    const classNode = parser.compilationUnit().typeDeclaration()?.classDeclaration();
    if (!classNode) continue;
    const className = classNode.id().getText();
    for (const member of classNode.classBody()?.classBodyDeclaration_list() ?? []) {
      const method = member.memberDeclaration()?.methodDeclaration();
      if (!method) continue;
      const modifiers = member.modifier_list();
      const isStatic = modifiers.some((m) => m.STATIC());
      const isAura = modifiers.some(
        (m) => m.annotation()?.id().getText().toLowerCase() === 'auraenabled',
      );
      if (!isStatic || !isAura) continue;
      const params =
        method
          .formalParameters()
          .formalParameterList()
          ?.formalParameter_list()
          .map((p) => p.id().getText()) ?? [];
      methods.push({ name: `${className}.${method.id().getText()}`, params });
    }
  }
  return methods;
}
