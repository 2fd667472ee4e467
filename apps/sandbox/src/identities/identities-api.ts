import type Router from "@koa/router";
import { IDPS, idpIssuer } from "../idp/idp-registry.js";
import { personsAt } from "./test-persons.js";

export interface IdentityEntry {
  kvnr: string;
  displayName: string;
  /** Issuer URL of the IDP where this identity can log in. */
  idp: string;
}

/** Every (person, insurer) pair: a person insured at two IDPs appears twice. */
export function listIdentities(sandboxUrl: string): IdentityEntry[] {
  return IDPS.flatMap((idp) =>
    personsAt(idp.name).map((person) => ({
      kvnr: person.kvnr,
      displayName: person.displayName,
      idp: idpIssuer(sandboxUrl, idp.name),
    })),
  );
}

/** GET /api/identities: the test persons, for tests and UIs that drive the testing parameters. */
export function registerIdentitiesApi(router: Router, sandboxUrl: string): void {
  router.get("/api/identities", (ctx) => {
    ctx.set("Cache-Control", "no-store");
    ctx.body = listIdentities(sandboxUrl);
  });
}
