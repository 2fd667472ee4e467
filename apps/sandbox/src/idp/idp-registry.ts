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
  /**
   * How the broker authenticates at this insurer's token, PAR and CIBA endpoints: with a
   * signed JWT from its federation key (gemSpec_IDP_Sek), or over mutual TLS with a
   * self-signed certificate of that key (RFC 8705 §2.2), as some insurers ask.
   */
  clientAuthMethod: "private_key_jwt" | "self_signed_tls_client_auth";
}

export const IDPS: readonly IdpDefinition[] = [
  {
    name: "nord",
    organizationName: "Sandbox Krankenkasse Nord",
    pkv: false,
    institutionCode: "109990001",
    logo: { color: "#0b5cad", monogram: "KN" },
    clientAuthMethod: "private_key_jwt",
  },
  {
    name: "sued",
    organizationName: "Sandbox BKK Süd",
    pkv: false,
    institutionCode: "109990002",
    logo: { color: "#1a7f37", monogram: "BS" },
    clientAuthMethod: "self_signed_tls_client_auth",
  },
  {
    name: "privat",
    organizationName: "Sandbox Private Krankenversicherung",
    pkv: true,
    institutionCode: "169990003",
    logo: { color: "#8250df", monogram: "PK" },
    clientAuthMethod: "private_key_jwt",
  },
];

export function idpIssuer(sandboxUrl: string, name: IdpName): string {
  return `${sandboxUrl}/idp/${name}`;
}

export function idpLogoUri(sandboxUrl: string, name: IdpName): string {
  return `${sandboxUrl}/logos/${name}.svg`;
}
