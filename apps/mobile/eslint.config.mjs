import base from "@lotse/config/eslint";

export default [
  ...base,
  { ignores: ["dist/**", ".expo/**", "android/**", "ios/**"] },
  {
    files: ["serve.mjs"],
    // A plain Node script (no TypeScript program), run by `pnpm start`.
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // The example app knows Lotse only through the SDK and the broker's public APIs.
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@lotse/db", "@lotse/db/*", "@lotse/api"],
              message: "The app has no server access.",
            },
          ],
        },
      ],
    },
  },
];
