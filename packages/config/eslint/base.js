// Shared flat ESLint config for every package: typescript-eslint's type-aware
// recommended rules, plus the rules that keep STYLE.md's promises checkable.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export const ignores = {
  ignores: [
    "**/dist/**",
    "**/.next/**",
    "**/.turbo/**",
    "**/node_modules/**",
    "**/src/generated/**",
    "**/next-env.d.ts",
    "**/playwright-report/**",
    "**/test-results/**",
  ],
};

/**
 * The only files that may read process.env (STYLE.md: the environment is validated once,
 * by a schema, and read nowhere else). Each package's env module, and the test runners'
 * own configuration and global setups, which hand values to their workers through it.
 * A read that must stay elsewhere (a child process inheriting the whole environment)
 * gets an eslint-disable comment that says why.
 */
export const envModules = [
  "**/env.ts",
  "**/src/env/**",
  "**/{vitest,playwright}.config.ts",
  "**/global-setup.ts",
];

const ENV_MESSAGE =
  "Read configuration through the package's env module (src/env.ts), which validates it with a schema (STYLE.md).";

export default tseslint.config(
  ignores,
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      eqeqeq: ["error", "always"],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: ENV_MESSAGE },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "ImportDeclaration[source.value=/^(node:)?process$/] > ImportSpecifier[imported.name='env']",
          message: ENV_MESSAGE,
        },
      ],
    },
  },
  {
    files: envModules,
    rules: { "no-restricted-properties": "off", "no-restricted-syntax": "off" },
  },
  {
    // Eslint-disable comments must say why (STYLE.md rule 10).
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
);
