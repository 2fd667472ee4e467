/**
 * The simulated insurers. Names, institution codes and colours are fictional; nothing
 * here may resemble a real insurer.
 */
export const IDP_NAMES = ["nord", "sued", "privat"] as const;
export type IdpName = (typeof IDP_NAMES)[number];

export interface IdpDefinition {
  name: IdpName;
  organizationName: string;
  /** Private insurer (PKV) or statutory (GKV): the broker groups its chooser by it. */
  pkv: boolean;
  /** Institutionskennzeichen-like code for `urn:telematik:claims:organization_ir_id`; fictional. */
  institutionCode: string;
  /** Logo colour and monogram for the generated SVG. */
  logo: { color: string; monogram: string };
}

export const IDPS: readonly IdpDefinition[] = [
  {
    name: "nord",
    organizationName: "Sandbox Krankenkasse Nord",
    pkv: false,
    institutionCode: "109990001",
    logo: { color: "#0b5cad", monogram: "KN" },
  },
  {
    name: "sued",
    organizationName: "Sandbox BKK Süd",
    pkv: false,
    institutionCode: "109990002",
    logo: { color: "#1a7f37", monogram: "BS" },
  },
  {
    name: "privat",
    organizationName: "Sandbox Private Krankenversicherung",
    pkv: true,
    institutionCode: "169990003",
    logo: { color: "#8250df", monogram: "PK" },
  },
];

export function idpIssuer(sandboxUrl: string, name: IdpName): string {
  return `${sandboxUrl}/idp/${name}`;
}

export function idpLogoUri(sandboxUrl: string, name: IdpName): string {
  return `${sandboxUrl}/logos/${name}.svg`;
}
