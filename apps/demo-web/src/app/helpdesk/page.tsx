import { randomInt } from "node:crypto";
import type { Idp } from "@lotse/sdk";
import Link from "next/link";
import { connection } from "next/server";
import { bindingCode } from "~/lib/helpdesk/start-input";
import { lotseClient } from "~/server/lotse-client";
import { HelpdeskAgent } from "./helpdesk-agent";

export default async function HelpdeskPage() {
  // The insurer list and the binding code are per request.
  await connection();
  let idps: Idp[] = [];
  let listError: string | undefined;
  try {
    idps = await lotseClient().listIdps();
  } catch (error) {
    listError = error instanceof Error ? error.message : "unknown error";
  }
  return (
    <main className="page">
      <p className="eyebrow">
        <Link href="/">Lotse demo app</Link>
      </p>
      <h1>Help desk</h1>
      <p className="lead">
        A caller says who they are; you ask their insurer to confirm it on the caller&apos;s phone.
        This app&apos;s server sends a CIBA request (Client-Initiated Backchannel Authentication) to
        the broker with <code>openid-client</code> and shows you the identity once the caller
        approves. Read the binding message out loud: the caller sees the same one on their phone.
      </p>
      {listError && <p className="error">The insurer list is unavailable: {listError}</p>}
      <HelpdeskAgent
        insurers={idps.map(({ issuer, organizationName, pkv }) => ({
          issuer,
          organizationName,
          pkv,
        }))}
        initialBindingMessage={bindingCode(randomInt)}
      />
      <h2>How it works</h2>
      <ul className="links">
        <li>
          <strong>Poll</strong>
          <span className="hint">
            client <code>demo-web</code>: the server asks the broker&apos;s token endpoint every{" "}
            <code>interval</code> seconds until the caller has answered.
          </span>
        </li>
        <li>
          <strong>Ping</strong>
          <span className="hint">
            client <code>demo-helpdesk-ping</code>: the broker calls{" "}
            <code>POST /helpdesk/ciba/notify</code> with the notification token this server chose,
            and the server then makes one token request.
          </span>
        </li>
      </ul>
    </main>
  );
}
