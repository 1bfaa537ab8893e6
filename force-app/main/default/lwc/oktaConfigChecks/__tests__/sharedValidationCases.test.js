// The editors' checks run the shared validation cases, the static resource the Apex test and the
// preview's stand-in run too: every case must give the messages the server gives, in its order.
import { mappingTableProblems } from '../../oktaMappingEditor/mappingRules';
import { accessRuleTableProblems } from 'c/oktaRuleWords';
import { notificationTableProblems } from 'c/oktaNotificationWords';

const CASES = require('../../../staticresources/OktaConfigValidationCases.json');
// UI API object infos of the fields the cases name, as an org answers them.
const OBJECT_INFOS = require('./data/objectInfos.json');

describe('shared validation cases (static resource OktaConfigValidationCases)', () => {
    it('holds cases of mappings and access rules', () => {
        expect(CASES.mappings.length).toBeGreaterThan(20);
        expect(CASES.accessRules.length).toBeGreaterThan(15);
        expect(CASES.notificationRules.length).toBeGreaterThan(15);
    });

    it.each(CASES.mappings.map((c) => [c.case, c]))('mapping: %s', (_name, testCase) => {
        expect(mappingTableProblems(testCase.rows, OBJECT_INFOS)).toEqual(testCase.problems);
    });

    it.each(CASES.accessRules.map((c) => [c.case, c]))('access rule: %s', (_name, testCase) => {
        expect(accessRuleTableProblems(testCase.rows, OBJECT_INFOS)).toEqual(testCase.problems);
    });

    it.each(CASES.notificationRules.map((c) => [c.case, c]))(
        'notification rule: %s',
        (_name, testCase) => {
            expect(notificationTableProblems(testCase.rows, OBJECT_INFOS)).toEqual(
                testCase.problems,
            );
        },
    );
});
