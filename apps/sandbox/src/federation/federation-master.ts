import { decodeJwt, type JWK } from "jose";
import type { IdpName } from "../idp/idp-registry.js";
import type { SigningKey } from "../keys/signing-key.js";
import { signEntityStatement } from "./entity-statement.js";
import type { FederationFaults } from "./faults.js";
import { signIdpList } from "./idp-list.js";

export const FEDMASTER_PATH = "/fedmaster";

/** Entity types a member can be listed by (OpenID Federation 1.0 §8.2.1 `entity_type`). */
export type MemberType = "openid_provider" | "openid_relying_party";

interface InsurerMember {
  name: IdpName;
  entityId: string;
  /** The insurer's federation entity key (public): what the master vouches for. */
  entityKey: JWK;
}

/** The broker's entity configuration could not be read: the master cannot vouch for it now. */
export class MemberUnreachable extends Error {}

/**
 * The sandbox's federation master, the trust anchor of the sandbox federation (OpenID
 * Federation 1.0 §1.2): its own entity configuration, subordinate statements about its
 * members (the three insurers and the broker), the member list, and gematik's IDP list.
 * Everything is signed with the published test key (master-key.ts), the anchor a
 * development broker pins.
 *
 * A real federation learns a relying party's keys when the party registers with it, out of
 * band. The sandbox stands in for that registration by reading the broker's own entity
 * configuration at `${BROKER_URL}/.well-known/openid-federation` and vouching for the keys
 * it names, each time it is asked. That is no trust decision of its own: an insurer verifies
 * the broker's configuration against the keys in this statement (broker-registration.ts).
 */
export class FederationMaster {
  readonly entityId: string;
  readonly #insurers = new Map<string, InsurerMember>();

  constructor(
    private readonly options: {
      sandboxUrl: string;
      brokerUrl: string;
      key: SigningKey;
      faults: FederationFaults;
    },
  ) {
    this.entityId = `${options.sandboxUrl}${FEDMASTER_PATH}`;
  }

  addInsurer(member: InsurerMember): void {
    this.#insurers.set(member.entityId, member);
  }

  /** The master's self-signed entity configuration (§3, §9): iss = sub = master. */
  entityConfiguration(): Promise<string> {
    const { key } = this.options;
    return signEntityStatement(key, {
      iss: this.entityId,
      sub: this.entityId,
      jwks: { keys: [key.publicJwk] },
      metadata: {
        federation_entity: {
          name: "Lotse Sandbox Federation Master",
          homepage_uri: this.entityId,
          federation_fetch_endpoint: `${this.entityId}/federation/fetch`,
          federation_list_endpoint: `${this.entityId}/federation/list`,
          // gematik's extension (gemSpec_IDP_FD): where the list of sectoral IDPs is.
          idp_list_endpoint: `${this.entityId}/federation/listidps`,
        },
      },
    });
  }

  /** Member entity ids (§8.2), optionally of one entity type. */
  members(type?: MemberType): string[] {
    const insurers = [...this.#insurers.values()]
      .filter((insurer) => !this.options.faults.is(insurer.name, "not-member"))
      .map((insurer) => insurer.entityId);
    if (type === "openid_provider") return insurers;
    if (type === "openid_relying_party") return [this.options.brokerUrl];
    return [...insurers, this.options.brokerUrl];
  }

  /**
   * The subordinate statement about `sub` (§3, §8.1): iss = master, the member's federation
   * entity keys, no `authority_hints`. `undefined` for a non-member.
   * @throws MemberUnreachable when the broker's keys cannot be read just now.
   */
  async subordinateStatement(sub: string): Promise<string | undefined> {
    const { key, faults, brokerUrl } = this.options;
    const insurer = this.#insurers.get(sub);
    if (insurer) {
      if (faults.is(insurer.name, "not-member")) return undefined;
      const named = faults.is(insurer.name, "wrong-sub") ? this.#anotherInsurer(sub) : sub;
      return signEntityStatement(key, {
        iss: this.entityId,
        sub: named,
        jwks: { keys: [insurer.entityKey] },
      });
    }
    if (sub === brokerUrl) {
      return signEntityStatement(key, {
        iss: this.entityId,
        sub,
        jwks: await this.#brokerEntityJwks(),
      });
    }
    return undefined;
  }

  /** gematik's IDP list, signed by the master (`typ: idp-list+jwt`). */
  idpList(): Promise<string> {
    return signIdpList(this.options.key, this.entityId, this.options.sandboxUrl);
  }

  #anotherInsurer(entityId: string): string {
    const ids = [...this.#insurers.keys()];
    return ids[(ids.indexOf(entityId) + 1) % ids.length]!;
  }

  /** The `jwks` the broker's entity configuration announces (the registration stand-in). */
  async #brokerEntityJwks(): Promise<{ keys: JWK[] }> {
    const url = `${this.options.brokerUrl}/.well-known/openid-federation`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      const { jwks } = decodeJwt(await response.text());
      const keys = (jwks as { keys?: unknown } | undefined)?.keys;
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === "object" && k !== null)) {
        throw new Error("its entity configuration has no jwks");
      }
      return { keys: keys as JWK[] };
    } catch (error) {
      throw new MemberUnreachable(`cannot read the broker's entity configuration at ${url}`, {
        cause: error,
      });
    }
  }
}
