const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  modulePathIgnorePatterns: [
    '<rootDir>/.localdevserver',
    '<rootDir>/companion',
    '<rootDir>/scripts',
  ],
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/companion/', '<rootDir>/scripts/'],
  moduleNameMapper: {
    '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation',
    '^lightning/confirm$': '<rootDir>/force-app/test/jest-mocks/lightning/confirm',
    '^lightning/platformShowToastEvent$':
      '<rootDir>/force-app/test/jest-mocks/lightning/platformShowToastEvent',
  },
  setupFilesAfterEnv: ['<rootDir>/force-app/test/jest-setup.js'],
};
