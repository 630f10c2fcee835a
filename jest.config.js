/**
 * Four test tiers, assigned by directory under __tests__/ (npm run test:<tier>; docs/testing.md):
 *
 * - unit: pure code, each component and the image core under mocks; no child process, network or
 *   emulator. Every directory not named below belongs here.
 * - stack: the whole program under the offline mocks. The global setup plans the dev stack once
 *   (__tests__/stack/support); files that only read it share it through loadDevStack().
 * - integration: child processes (CLIs, the compiled policy pack over gRPC), npm pack and a
 *   consumer project, Python tools (parliament, moto for the replay script).
 * - e2e: the packaged Lambda against moto server (run through scripts/with-moto.sh).
 *
 * Type checking is done once by `tsc --noEmit` (npm run typecheck); ts-jest only transpiles
 * (tsconfig's isolatedModules makes it use transpileModule), about 3x faster than type-checking in every worker.
 * @type {import('jest').Config}
 */
const TIER_DIRECTORIES = {
  stack: ["stack", "ops", "flows", "policy/corpus"],
  integration: ["integration", "consumer", "conformance"],
  e2e: ["e2e"],
};

const common = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  moduleFileExtensions: ["ts", "js", "json"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.build/", "<rootDir>/policy-pack/bin/", "<rootDir>/.stryker-tmp/"],
};

const testsIn = (dirs) => dirs.map((dir) => `<rootDir>/__tests__/${dir}/**/*.test.ts`);
const planDevStackOnce = "<rootDir>/__tests__/stack/support/global-setup.ts";

const tiers = {
  unit: {
    ...common,
    displayName: "unit",
    testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
    testPathIgnorePatterns: [
      "/node_modules/",
      ...Object.values(TIER_DIRECTORIES)
        .flat()
        .map((dir) => `<rootDir>/__tests__/${dir}/`),
    ],
  },
  stack: { ...common, displayName: "stack", testMatch: testsIn(TIER_DIRECTORIES.stack), globalSetup: planDevStackOnce },
  integration: { ...common, displayName: "integration", testMatch: testsIn(TIER_DIRECTORIES.integration), globalSetup: planDevStackOnce },
  e2e: { ...common, displayName: "e2e", testMatch: testsIn(TIER_DIRECTORIES.e2e) },
};

/** JEST_TIER=<tier> gives that tier as a plain config, for tools that do not take `projects` (npm run mutation). */
function oneTier(name) {
  if (!(name in tiers)) throw new Error(`JEST_TIER must be one of ${Object.keys(tiers).join(", ")}, got "${name}"`);
  const { displayName: _name, ...config } = tiers[name];
  return config;
}

module.exports = process.env.JEST_TIER ? oneTier(process.env.JEST_TIER) : { projects: Object.values(tiers) };
