// House rules, checked by `scripts/flotilla lint` (and in CI by .ci/run). Not type-aware on
// purpose: a run over the whole repo must stay fast on a two-core machine. Layout is
// prettier's job (.prettierrc.json); max-len only catches what prettier cannot break.
import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const TESTS = ["tests/**", "**/test/**", "**/*.test.ts"];

export default defineConfig(
  globalIgnores(["**/node_modules/", ".flotilla/", "dist/", "coverage/", "schemas/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { "@stylistic": stylistic },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Prettier wraps code at 120 but leaves long strings, templates and comments alone.
      "@stylistic/max-len": [
        "error",
        { code: 140, ignoreStrings: false, ignoreTemplateLiterals: false, ignoreUrls: false, ignoreComments: false },
      ],
    },
  },
  {
    // Tests may stub with `any`; the rule still shows where.
    files: TESTS,
    rules: { "@typescript-eslint/no-explicit-any": "warn" },
  },
);
