import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Module boundaries; tests (and only tests) may also use the test helpers of libs/testing. */
const boundaries = (inTests) => {
  const helpers = inTests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', ...helpers] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', ...helpers] },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:testing'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:testing'] },
      // Test helpers must not depend on what they test (libs/messaging's own tests use them).
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      {
        sourceTag: 'scope:catalog-inventory',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:catalog-inventory'],
      },
      { sourceTag: 'scope:reservation', onlyDependOnLibsWithTags: ['scope:shared', 'scope:reservation'] },
      { sourceTag: 'scope:fulfillment', onlyDependOnLibsWithTags: ['scope:shared', 'scope:fulfillment'] },
      { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notification'] },
      {
        sourceTag: 'scope:replenishment',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:replenishment'],
      },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  };
};

export default [
  { ignores: ['**/dist', '**/node_modules', '.local/**', 'infra/kafka/lib/**', 'coverage/**', '.nx/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      // One service never imports another service's code; libs never import apps; the pure
      // domain (contracts) imports no infrastructure.
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Test code: specs, the shared helpers, and a project's own src/testing/ helpers.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'libs/testing/**/*.ts',
      'apps/*/src/testing/**/*.ts',
      // The end-to-end suite is test code through and through (its model check's helpers too).
      'apps/system-e2e/src/**/*.ts',
      'libs/*/src/testing/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
    },
  },
  prettier,
];
