// One jest run, three kinds of tests: unit (pure domain), int (real PostgreSQL and Kafka) and
// e2e (the running services). Each kind is a project, selectable with `jest --selectProjects unit|int|e2e`. TypeScript is compiled by swc with the repo's .swcrc.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
// swc needs an absolute baseUrl when it is not reading .swcrc itself.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, baseUrl: __dirname } }],
};
const common = {
  rootDir: __dirname,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.local/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/tools/src/test-infra/global-setup.ts',
      globalTeardown: '<rootDir>/tools/src/test-infra/global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tools/src/test-infra/global-setup.ts',
      globalTeardown: '<rootDir>/tools/src/test-infra/global-teardown.ts',
      slowTestThreshold: 60,
    },
  ],
};
