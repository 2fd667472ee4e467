import nextjs from "@lotse/config/eslint/nextjs";

export default [
  ...nextjs,
  {
    // The demo app is an ordinary relying party: it knows the broker only through
    // OpenID Connect and never touches Lotse's database (DESIGN.md §1).
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@lotse/db", "@lotse/db/*"], message: "demo-web has no database access." },
          ],
        },
      ],
    },
  },
];
