import { describe, expect, it } from "vitest";
import { filterIdps, foldForSearch, slugify, type ChooserIdp } from "./filter-idps.js";

const idp = (organizationName: string, pkv = false): ChooserIdp => ({
  issuer: `https://idp.example/${slugify(organizationName)}`,
  organizationName,
  pkv,
});

const idps = [
  idp("Techniker Krankenkasse"),
  idp("Allianz Private Krankenversicherung", true),
  idp("BKK Südwest"),
  idp("AOK Nordost"),
  idp("Süddeutsche Krankenversicherung", true),
  idp("DAK-Gesundheit"),
  idp("Großhandels- und Lagerei-BKK"),
  idp("Ärztekasse Bayern"),
];
const names = (list: readonly ChooserIdp[]) => list.map((entry) => entry.organizationName);

describe("foldForSearch", () => {
  it("ignores case, diacritics and punctuation; ß is ss", () => {
    expect(foldForSearch("  Großhandels-  und Lagerei-BKK ")).toBe("grosshandels und lagerei bkk");
    expect(foldForSearch("SÜDWEST")).toBe("sudwest");
    expect(foldForSearch("Crème")).toBe("creme");
  });
});

describe("filterIdps", () => {
  it("returns all IDPs for an empty or blank query", () => {
    expect(filterIdps(idps, "")).toHaveLength(idps.length);
    expect(filterIdps(idps, "   ")).toHaveLength(idps.length);
    expect(filterIdps(idps, undefined)).toHaveLength(idps.length);
  });

  it("matches regardless of case", () => {
    expect(names(filterIdps(idps, "techNIKER"))).toEqual(["Techniker Krankenkasse"]);
  });

  it("matches umlauts typed without them, spelled out, or with them", () => {
    expect(names(filterIdps(idps, "sud"))).toEqual([
      "BKK Südwest",
      "Süddeutsche Krankenversicherung",
    ]);
    expect(names(filterIdps(idps, "suedwest"))).toEqual(["BKK Südwest"]);
    expect(names(filterIdps(idps, "SÜDWEST"))).toEqual(["BKK Südwest"]);
    expect(names(filterIdps(idps, "arzte"))).toEqual(["Ärztekasse Bayern"]);
    expect(names(filterIdps(idps, "Aerztekasse"))).toEqual(["Ärztekasse Bayern"]);
  });

  it("treats ß as ss in both directions", () => {
    expect(names(filterIdps(idps, "grosshandel"))).toEqual(["Großhandels- und Lagerei-BKK"]);
    expect(names(filterIdps(idps, "Großhandel"))).toEqual(["Großhandels- und Lagerei-BKK"]);
  });

  it("ignores punctuation between words", () => {
    expect(names(filterIdps(idps, "dak gesundheit"))).toEqual(["DAK-Gesundheit"]);
  });

  it("returns nothing when nothing matches", () => {
    expect(filterIdps(idps, "xyz")).toEqual([]);
  });

  it("lists GKV before PKV, each sorted by name in the page's language", () => {
    expect(names(filterIdps(idps, ""))).toEqual([
      "AOK Nordost",
      "Ärztekasse Bayern",
      "BKK Südwest",
      "DAK-Gesundheit",
      "Großhandels- und Lagerei-BKK",
      "Techniker Krankenkasse",
      "Allianz Private Krankenversicherung",
      "Süddeutsche Krankenversicherung",
    ]);
  });

  it("does not reorder its input", () => {
    const input = [idp("Zeta"), idp("Alpha")];
    filterIdps(input, "");
    expect(names(input)).toEqual(["Zeta", "Alpha"]);
  });
});

describe("slugify", () => {
  it("gives readable test ids", () => {
    expect(slugify("AOK Nordost – Die Gesundheitskasse")).toBe("aok-nordost-die-gesundheitskasse");
    expect(slugify("BKK Südwest")).toBe("bkk-sudwest");
    expect(slugify("<script>")).toBe("script");
    expect(slugify("!!!")).toBe("idp");
  });
});
