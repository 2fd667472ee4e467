// Next.js apps: the React rules (base + hooks) plus Next's own
// (`next build` no longer lints, so these are the only Next-specific checks).
import nextPlugin from "@next/eslint-plugin-next";
import react from "./react.js";

export default [
  ...react,
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
    },
  },
];
