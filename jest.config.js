/**
 * Type checking is done once by `tsc --noEmit` (npm run typecheck); ts-jest only transpiles
 * (tsconfig's isolatedModules makes it use transpileModule), which is about 3x faster and lighter than type-checking in every worker.
 * @type {import('jest').Config}
 */
const transform = {
  "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
};
const common = {
  testEnvironment: "node",
  transform,
  moduleFileExtensions: ["ts", "js", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.build/", "<rootDir>/policy-pack/bin/", "<rootDir>/.stryker-tmp/"],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/e2e/"],
    },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/__tests__/e2e/**/*.test.ts"],
    },
  ],
};
