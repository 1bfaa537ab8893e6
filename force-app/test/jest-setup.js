const { registerSa11yMatcher } = require('@sa11y/jest');

// Adds expect(element).toBeAccessible() to every LWC test.
registerSa11yMatcher();
