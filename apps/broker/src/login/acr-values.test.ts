import { describe, expect, test } from "vitest";
import { ACR_HIGH, ACR_SUBSTANTIAL, upstreamAcrValues } from "./acr-values.js";

describe("upstreamAcrValues", () => {
  test.each([
    [undefined, ACR_HIGH],
    ["", ACR_HIGH],
    [ACR_SUBSTANTIAL, ACR_SUBSTANTIAL],
    // The app's order of preference is kept (OIDC Core §3.1.2.1).
    [`${ACR_SUBSTANTIAL} ${ACR_HIGH}`, `${ACR_SUBSTANTIAL} ${ACR_HIGH}`],
    [`${ACR_HIGH} ${ACR_SUBSTANTIAL}`, `${ACR_HIGH} ${ACR_SUBSTANTIAL}`],
    // Values an insurer would not know are not sent; none left means the default.
    [`urn:example:loa ${ACR_SUBSTANTIAL}`, ACR_SUBSTANTIAL],
    ["urn:example:loa", ACR_HIGH],
    [`${ACR_SUBSTANTIAL} ${ACR_SUBSTANTIAL}`, ACR_SUBSTANTIAL],
    [["not", "a", "string"], ACR_HIGH],
  ])("%j → %s", (requested, expected) => {
    expect(upstreamAcrValues(requested)).toBe(expected);
  });
});
