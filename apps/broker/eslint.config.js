import base from "@lotse/config/eslint";

/**
 * The broker's layering (docs/architecture.md): the login use cases (src/login/) know no
 * front end, and the two front ends over them, the browser pages (src/interactions/) and
 * the JSON APIs for apps (src/native-api/), do not import each other.
 */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

export default [
  ...base,
  layer(
    ["src/login/**"],
    ["**/interactions/**", "**/native-api/**"],
    "login/ holds the use cases; front ends import it, never the other way round.",
  ),
  layer(
    ["src/interactions/**"],
    ["**/native-api/**"],
    "The browser pages and the app APIs are separate front ends over login/.",
  ),
  layer(
    ["src/native-api/**"],
    ["**/interactions/**"],
    "The app APIs and the browser pages are separate front ends over login/.",
  ),
];
