// Every Apex class and trigger parses.
import { problemCollector } from '../rule.mjs';
import { analyseApex } from '../apex-source.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'apex-syntax',
  description: 'Apex classes and triggers parse',
  check({ index }) {
    const { problems, report } = problemCollector('apex-syntax');
    for (const file of [...index.classes.values(), ...index.triggers.values()]) {
      for (const error of analyseApex(file).errors) {
        report(file, `column ${error.column + 1}`, `syntax error: ${error.message}`, error.line);
      }
    }
    return problems;
  },
};
