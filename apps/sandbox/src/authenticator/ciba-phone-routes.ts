import { randomBytes } from "node:crypto";
import type Router from "@koa/router";
import type { Context } from "koa";
import { maskKvnr } from "@lotse/domain";
import type { Logger } from "@lotse/server";
import { TEST_PERSONS, type TestPerson } from "../identities/test-persons.js";
import { IDPS } from "../idp/idp-registry.js";
import type { SandboxIdp } from "../idp/sandbox-idp.js";
import { approveCibaRequest, CibaRequestGone, denyCibaRequest } from "./ciba-answer.js";
import type { CibaInbox } from "./ciba-inbox.js";
import {
  CIBA_PHONE_PATH,
  cibaPhoneCsp,
  cibaPhoneHtml,
  cibaPickerHtml,
  cibaRequestListHtml,
  type CibaAnswer,
} from "./ciba-phone-page.js";
import { isSameOriginPost } from "./same-origin.js";
import { openEventStream } from "./server-sent-events.js";

/**
 * The person's phone for CIBA:
 * - `GET  /authenticator/ciba` the person picker; `?kvnr=<KVNR>` that person's requests
 * - `GET  /authenticator/ciba/events?kvnr=<KVNR>` their requests as server-sent events
 * - `POST /authenticator/ciba/:id/approve` and `…/deny` answer one request
 */
export function registerCibaPhoneRoutes(
  router: Router,
  options: { inbox: CibaInbox; idps: SandboxIdp[]; sandboxUrl: string; logger: Logger },
): void {
  const { inbox, sandboxUrl } = options;
  const logger = options.logger.child({ party: "ciba-phone" });
  const idpByName = new Map(options.idps.map((idp) => [idp.definition.name, idp]));
  const organizationNames = (person: TestPerson) =>
    IDPS.filter((idp) => person.insurers.includes(idp.name)).map((idp) => idp.organizationName);

  router.get(CIBA_PHONE_PATH, (ctx) => {
    const nonce = pageHeaders(ctx);
    const kvnr = ctx.query.kvnr;
    if (kvnr === undefined) {
      ctx.body = cibaPickerHtml({ persons: TEST_PERSONS, organizationNames, nonce });
      return;
    }
    const person = personFor(kvnr);
    if (!person) {
      ctx.status = 404;
      const error = "No test person has this KVNR.";
      ctx.body = cibaPickerHtml({ persons: TEST_PERSONS, organizationNames, nonce, error });
      return;
    }
    const answered = ctx.query.answered;
    ctx.body = cibaPhoneHtml({
      person,
      entries: inbox.pendingFor(person.kvnr),
      nonce,
      ...(answered === "approved" || answered === "denied" ? { answered } : {}),
    });
  });

  router.get(`${CIBA_PHONE_PATH}/events`, (ctx) => {
    const person = personFor(ctx.query.kvnr);
    if (!person) {
      ctx.status = 404;
      ctx.body = { error: "not_found", error_description: "No test person has this KVNR." };
      return;
    }
    const stream = openEventStream(ctx);
    const push = () => stream.send("requests", cibaRequestListHtml(inbox.pendingFor(person.kvnr)));
    // The current state first: the page may be older than the connection.
    push();
    stream.onClose(inbox.subscribe(person.kvnr, push));
  });

  router.post(`${CIBA_PHONE_PATH}/:id/:answer`, async (ctx) => {
    const answer = ctx.params.answer;
    if (answer !== "approve" && answer !== "deny") return;
    // Cross-site request forgery: only this server's own pages may answer (a sandbox's
    // "phone" has no login, so the Origin check is the whole guard; OWASP CSRF cheat sheet).
    // The request's own origin from Host (Koa 3's ctx.origin would echo the Origin header).
    const ownOrigin = `${ctx.protocol}://${ctx.host}`;
    if (!isSameOriginPost(ctx.headers, [new URL(sandboxUrl).origin, ownOrigin])) {
      ctx.status = 403;
      ctx.body = { error: "forbidden", error_description: "cross-origin request refused" };
      return;
    }
    const entry = inbox.take(ctx.params.id ?? "");
    const idp = entry && idpByName.get(entry.idp);
    try {
      if (!entry || !idp) throw new CibaRequestGone();
      await (answer === "approve" ? approveCibaRequest(idp, entry) : denyCibaRequest(idp, entry));
    } catch (error) {
      if (!(error instanceof CibaRequestGone)) throw error;
      const nonce = pageHeaders(ctx);
      ctx.status = 404;
      ctx.body = cibaPickerHtml({
        persons: TEST_PERSONS,
        organizationNames,
        nonce,
        error: "This request is no longer pending: it was answered or has expired.",
      });
      return;
    }
    const result: CibaAnswer = answer === "approve" ? "approved" : "denied";
    logger.info({ idp: entry.idp, kvnr: maskKvnr(entry.kvnr), result }, "ciba request answered");
    ctx.status = 303;
    ctx.redirect(`${CIBA_PHONE_PATH}?kvnr=${encodeURIComponent(entry.kvnr)}&answered=${result}`);
  });
}

function personFor(kvnr: unknown): TestPerson | undefined {
  return typeof kvnr === "string" ? TEST_PERSONS.find((p) => p.kvnr === kvnr) : undefined;
}

/** HTML, never cached (requests come and go), with a fresh CSP nonce (CSP3 §7.2: ≥ 128 bits). */
function pageHeaders(ctx: Context): string {
  const nonce = randomBytes(16).toString("base64");
  ctx.set("Content-Security-Policy", cibaPhoneCsp(nonce));
  ctx.set("Cache-Control", "no-store");
  ctx.type = "html";
  return nonce;
}
