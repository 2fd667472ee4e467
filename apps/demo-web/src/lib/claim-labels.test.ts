import { describe, expect, it } from "vitest";
import { personClaims } from "./claim-labels";

describe("personClaims", () => {
  it("labels the gematik claims, leaves out protocol claims and keeps unknown ones", () => {
    const claims = personClaims({
      iss: "http://localhost:4000",
      sub: "abc",
      aud: "demo-web",
      exp: 1,
      iat: 0,
      nonce: "n",
      "urn:telematik:claims:email": "erika@example.test",
      "urn:telematik:claims:id": "X110411675",
      "urn:telematik:claims:alter": 42,
      acr: "gematik-ehealth-loa-high",
      "x-custom": { a: 1 },
    });
    expect(claims).toEqual([
      {
        claim: "urn:telematik:claims:id",
        label: "Krankenversichertennummer (KVNR)",
        value: "X110411675",
      },
      { claim: "urn:telematik:claims:email", label: "E-Mail", value: "erika@example.test" },
      { claim: "urn:telematik:claims:alter", label: "Alter / age", value: "42" },
      { claim: "acr", label: "Authentication level (acr)", value: "gematik-ehealth-loa-high" },
      { claim: "x-custom", label: "x-custom", value: '{"a":1}' },
    ]);
  });
});
