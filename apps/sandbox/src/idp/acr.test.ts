import { expect, test } from "vitest";
import { ACR_HIGH, ACR_SUBSTANTIAL, assertedAcr } from "./acr.js";

test("the first supported value of acr_values, in the request's order of preference", () => {
  expect(assertedAcr(`${ACR_SUBSTANTIAL} ${ACR_HIGH}`)).toBe(ACR_SUBSTANTIAL);
  expect(assertedAcr(`${ACR_HIGH} ${ACR_SUBSTANTIAL}`)).toBe(ACR_HIGH);
  expect(assertedAcr(`urn:unknown ${ACR_SUBSTANTIAL}`)).toBe(ACR_SUBSTANTIAL);
});

test("high when nothing supported or nothing at all is requested", () => {
  expect(assertedAcr(undefined)).toBe(ACR_HIGH);
  expect(assertedAcr("")).toBe(ACR_HIGH);
  expect(assertedAcr("urn:unknown")).toBe(ACR_HIGH);
});
