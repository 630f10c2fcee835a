// Flat config: typescript-eslint's recommended rules everywhere; the security plugin over the
// Lambda code, which is the only code that handles user data.
import tseslint from "typescript-eslint";
import security from "eslint-plugin-security";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      ".build/**",
      ".venv/**",
      "coverage/**",
      "reports/**",
      ".stryker-tmp/**",
      ".bench/**",
      // Blind corpus programs are kept as their author wrote them (docs/policy-corpus.md).
      "__tests__/policy/corpus/programs/blind-risks/**",
      "policy-pack/bin/**",
      "policy-pack/node_modules/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Blind cases, kept as their author wrote them (unused bindings show the resources a stack has).
    files: ["__tests__/policy/corpus/programs/blind/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    files: ["handlers/**/*.ts"],
    ...security.configs.recommended,
  },
  {
    files: ["__tests__/**/*.ts", "bench/**/*.ts", "tools/**/*.ts", "offline/**/*.ts"],
    rules: {
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
