"use client";

import { isValidKvnr } from "@lotse/domain";
import { useEffect, useState, type FormEvent } from "react";
import { BINDING_MESSAGE_MAX, bindingCode } from "~/lib/helpdesk/start-input";
import type { HelpdeskError, HelpdeskIdentity, HelpdeskStatus } from "~/lib/helpdesk/status";
import { startHelpdesk } from "./actions";

export interface InsurerOption {
  issuer: string;
  organizationName: string;
  pkv: boolean;
}

/** The browser's CSPRNG; the modulo bias over 2^32 is negligible for a 4-digit code. */
const browserRandomInt = (max: number) =>
  (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % max;

/** How often the page asks this app's server for news; the server does the CIBA polling. */
const REFRESH_MS = 1000;

type View =
  { step: "form"; error?: HelpdeskError } | { step: "running"; id: string; status: HelpdeskStatus };

export function HelpdeskAgent({
  insurers,
  initialBindingMessage,
}: {
  insurers: InsurerOption[];
  initialBindingMessage: string;
}) {
  const [view, setView] = useState<View>({ step: "form" });
  const [kvnr, setKvnr] = useState("");
  const [insurer, setInsurer] = useState(insurers[0]?.issuer ?? "");
  const [bindingMessage, setBindingMessage] = useState(initialBindingMessage);
  const [mode, setMode] = useState("poll");
  const [starting, setStarting] = useState(false);

  const runningId = view.step === "running" && view.status.state === "waiting" ? view.id : null;
  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    const timer = setInterval(() => {
      void fetch(`/helpdesk/requests/${encodeURIComponent(runningId)}`, { cache: "no-store" })
        .then(async (response) => {
          if (stopped) return;
          if (!response.ok) {
            setView({
              step: "form",
              error: {
                code: "request_lost",
                message: "This app no longer knows the request (was it restarted?).",
              },
            });
            return;
          }
          const status = (await response.json()) as HelpdeskStatus;
          if (!stopped) setView({ step: "running", id: runningId, status });
        })
        // A failed refresh is retried on the next tick.
        .catch(() => undefined);
    }, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runningId]);

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStarting(true);
    try {
      const result = await startHelpdesk({ kvnr, insurer, bindingMessage, mode });
      setView(
        result.ok
          ? { step: "running", id: result.id, status: result.status }
          : { step: "form", error: result.error },
      );
    } catch {
      setView({
        step: "form",
        error: { code: "internal_error", message: "The request could not be started." },
      });
    } finally {
      setStarting(false);
    }
  }

  function again() {
    setView({ step: "form" });
    // A fresh code for the next caller.
    setBindingMessage(bindingCode(browserRandomInt));
  }

  if (view.step === "running") {
    const { status } = view;
    if (status.state === "waiting") {
      return (
        <section className="helpdesk-waiting" data-testid="helpdesk-status" aria-live="polite">
          <h2>Waiting for the caller…</h2>
          <p>
            Read out the binding message:{" "}
            <strong className="binding">{status.bindingMessage}</strong>
          </p>
          <p className="hint">
            The caller approves on their phone. Mode: {status.mode}; the request expires at{" "}
            {new Date(status.expiresAt).toLocaleTimeString()}.
          </p>
        </section>
      );
    }
    return (
      <>
        {status.state === "verified" ? (
          <Identity identity={status.identity} />
        ) : (
          <ErrorBox error={status.error} />
        )}
        <div className="actions">
          <button type="button" onClick={again} data-testid="helpdesk-again">
            Next caller
          </button>
        </div>
      </>
    );
  }

  const kvnrShaped = /^[A-Z][0-9]{9}$/.test(kvnr);
  return (
    <form className="helpdesk-form" onSubmit={start}>
      {view.error && <ErrorBox error={view.error} />}
      <label>
        Caller&apos;s KVNR
        <input
          data-testid="helpdesk-kvnr"
          value={kvnr}
          onChange={(event) => setKvnr(event.target.value.replace(/\s+/g, "").toUpperCase())}
          placeholder="X110411675"
          autoComplete="off"
          spellCheck={false}
          maxLength={10}
          required
        />
        {kvnrShaped && !isValidKvnr(kvnr) && (
          <span className="hint">The check digit does not match; please ask again.</span>
        )}
      </label>
      <label>
        Caller&apos;s insurer
        <select
          data-testid="helpdesk-insurer"
          value={insurer}
          onChange={(event) => setInsurer(event.target.value)}
          required
        >
          {insurers.map((idp) => (
            <option key={idp.issuer} value={idp.issuer}>
              {idp.organizationName}
              {idp.pkv ? " (PKV)" : ""}
            </option>
          ))}
        </select>
      </label>
      <label>
        Binding message
        <input
          data-testid="helpdesk-binding-message"
          value={bindingMessage}
          onChange={(event) => setBindingMessage(event.target.value)}
          maxLength={BINDING_MESSAGE_MAX}
          autoComplete="off"
          required
        />
        <span className="hint">Shown on the caller&apos;s phone; read it out.</span>
      </label>
      <label>
        Mode
        <select
          data-testid="helpdesk-mode"
          value={mode}
          onChange={(event) => setMode(event.target.value)}
        >
          <option value="poll">Poll</option>
          <option value="ping">Ping</option>
        </select>
      </label>
      <div className="actions">
        <button type="submit" className="primary" data-testid="helpdesk-start" disabled={starting}>
          {starting ? "Starting…" : "Ask the caller to confirm"}
        </button>
      </div>
    </form>
  );
}

function Identity({ identity }: { identity: HelpdeskIdentity }) {
  return (
    <section className="helpdesk-identity" data-testid="helpdesk-identity">
      <h2>Verified by the insurer</h2>
      <dl className="facts">
        <dt>Name</dt>
        <dd data-testid="helpdesk-identity-name">
          {identity.displayName ?? "(the insurer released no name)"}
        </dd>
        <dt>KVNR</dt>
        <dd>
          <code data-testid="helpdesk-identity-kvnr">{identity.kvnrMasked}</code>
        </dd>
        <dt>Insurer</dt>
        <dd data-testid="helpdesk-identity-insurer">
          {identity.insurer} <code className="hint">{identity.insurerIssuer}</code>
        </dd>
        <dt>Authentication level (acr)</dt>
        <dd>
          <code data-testid="helpdesk-identity-acr">{identity.acr ?? "none"}</code>
        </dd>
        <dt>Authenticated at (auth_time)</dt>
        <dd data-testid="helpdesk-identity-auth-time">
          {identity.authTime ? <time dateTime={identity.authTime}>{identity.authTime}</time> : "—"}
        </dd>
      </dl>
    </section>
  );
}

function ErrorBox({ error }: { error: HelpdeskError }) {
  return (
    <div className="helpdesk-error" data-testid="helpdesk-error" data-error={error.code}>
      <p>
        <strong>{error.message}</strong>
      </p>
      <p className="hint">
        <code>{error.code}</code>
        {error.description && <>: {error.description}</>}
      </p>
    </div>
  );
}
