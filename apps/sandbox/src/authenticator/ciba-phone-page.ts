/**
 * The person's phone, the sandbox's authenticator app for CIBA: a person picker, and per
 * person the pending requests with Approve / Deny. The list is rendered here only, for the
 * first page and for every server-sent update alike, so escaping happens in one place.
 */
import { html, trusted, type SafeHtml } from "@lotse/server/html";
import type { TestPerson } from "../identities/test-persons.js";
import type { CibaInboxEntry } from "./ciba-inbox.js";

export const CIBA_PHONE_PATH = "/authenticator/ciba";

export type CibaAnswer = "approved" | "denied";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:24rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1f24;background:#f6f8fa}
main{background:#fff;border-radius:12px;padding:1rem}
ul{list-style:none;padding:0;margin:0}
.request{border:1px solid #d0d7de;border-radius:8px;padding:.75rem;margin:.75rem 0}
.binding{font-size:1.25rem;font-weight:600;margin:.25rem 0}
small,.meta{color:#57606a;font-size:.875rem}
.actions{display:flex;flex-direction:column;gap:.5rem;margin-top:.75rem}
button{font:inherit;padding:.85rem 1rem;width:100%;border-radius:6px;border:1px solid #1b1f24;background:#fff;cursor:pointer}
button.primary{background:#0b5cad;border-color:#0b5cad;color:#fff}
.status{background:#dafbe1;border-radius:6px;padding:.5rem .75rem}
.error{color:#a40e26;font-weight:600}
:focus-visible{outline:3px solid #e36209;outline-offset:2px}
.person{display:block;padding:.6rem 0}`;

/**
 * Live updates: the server sends the whole list (already escaped HTML from
 * cibaRequestListHtml) on every change; the countdown runs from each entry's seconds left,
 * so the phone's clock does not need to agree with the server's.
 */
const SCRIPT = `(() => {
  const list = document.getElementById("ciba-requests");
  const start = () => {
    for (const el of list.querySelectorAll("[data-expires-in]")) {
      el.dataset.deadline = String(Date.now() + Number(el.dataset.expiresIn) * 1000);
    }
    tick();
  };
  const tick = () => {
    for (const el of list.querySelectorAll("[data-deadline]")) {
      const left = Math.max(0, Math.round((Number(el.dataset.deadline) - Date.now()) / 1000));
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    }
  };
  const source = new EventSource(list.dataset.events);
  source.addEventListener("requests", (event) => {
    list.innerHTML = event.data;
    start();
  });
  start();
  setInterval(tick, 1000);
})();`;

/** m:ss, as the countdown shows it. */
export function formatTimeLeft(seconds: number): string {
  const left = Math.max(0, Math.floor(seconds));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}

/** Content-Security-Policy of the phone's pages: only the nonce-bound style and script. */
export function cibaPhoneCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    // The event stream (EventSource is governed by connect-src).
    "connect-src 'self'",
    // Approve and deny post to this server, which redirects back to this page.
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** The pending requests, or the note that there are none: the page's live part. */
export function cibaRequestListHtml(entries: CibaInboxEntry[], now = Date.now()): string {
  if (entries.length === 0) {
    return html`<li><p data-testid="ciba-empty">No pending request. New ones appear here.</p></li>`
      .value;
  }
  return entries
    .map(
      (entry) =>
        html`<li
          class="request"
          data-testid="ciba-request"
          data-request-id="${entry.id}"
          data-binding-message="${entry.bindingMessage ?? ""}"
        >
          <p class="meta">${entry.organizationName}</p>
          <p>
            <strong data-testid="ciba-application">${entry.requestingApplication}</strong> asks you
            to log in.
          </p>
          ${
            entry.bindingMessage
              ? html`<p>Check that the app shows the same code:</p>
                  <p class="binding" data-testid="ciba-binding-message">${entry.bindingMessage}</p>`
              : ""
          }
          <p class="meta">
            Access to: <span data-testid="ciba-scopes">${entry.scopes.join(", ")}</span>
          </p>
          <p class="meta">
            Time left:
            <span
              data-testid="ciba-time-left"
              data-expires-in="${Math.max(0, Math.floor((entry.expiresAt - now) / 1000))}"
              >${formatTimeLeft((entry.expiresAt - now) / 1000)}</span
            >
          </p>
          <div class="actions">
            <form method="post" action="${CIBA_PHONE_PATH}/${entry.id}/approve">
              <button type="submit" class="primary" data-testid="ciba-approve">Approve</button>
            </form>
            <form method="post" action="${CIBA_PHONE_PATH}/${entry.id}/deny">
              <button type="submit" data-testid="ciba-deny">Deny</button>
            </form>
          </div>
        </li>`.value,
    )
    .join("\n");
}

function page(title: string, nonce: string, body: SafeHtml, script = false): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style nonce="${nonce}">
          ${trusted(STYLE)}
        </style>
      </head>
      <body>
        <main>
          ${body}
          <p class="meta">
            Sandbox: the phone of a fictional insured person. It shows the login requests (CIBA) the
            insurers received for them.
          </p>
        </main>
        ${
          script
            ? html`<script nonce="${nonce}">
                ${trusted(SCRIPT)};
              </script>`
            : ""
        }
      </body>
    </html>`.value;
}

/** GET /authenticator/ciba without a person: whose phone to open. */
export function cibaPickerHtml(model: {
  persons: readonly TestPerson[];
  organizationNames: (person: TestPerson) => string[];
  nonce: string;
  error?: string;
}): string {
  const persons = model.persons.map(
    (person) =>
      html`<li>
        <a
          class="person"
          href="${CIBA_PHONE_PATH}?kvnr=${encodeURIComponent(person.kvnr)}"
          data-testid="ciba-person-${person.kvnr}"
          >${person.displayName}</a
        >
        <small>${person.kvnr} · ${model.organizationNames(person).join(", ")}</small>
      </li>`,
  );
  return page(
    "Phone: choose a person",
    model.nonce,
    html`<h1>Whose phone?</h1>
      ${model.error ? html`<p class="error" role="alert" data-testid="ciba-error">${model.error}</p>` : ""}
      <ul>
        ${persons}
      </ul>`,
  );
}

/** GET /authenticator/ciba?kvnr=…: the person's pending requests, updated live. */
export function cibaPhoneHtml(model: {
  person: TestPerson;
  entries: CibaInboxEntry[];
  nonce: string;
  answered?: CibaAnswer;
  error?: string;
}): string {
  const { person } = model;
  const events = `${CIBA_PHONE_PATH}/events?kvnr=${encodeURIComponent(person.kvnr)}`;
  const answered =
    model.answered === "approved"
      ? "Approved. The app can continue."
      : model.answered === "denied"
        ? "Denied. The app will be told you refused."
        : undefined;
  return page(
    `Phone of ${person.displayName}`,
    model.nonce,
    html`<h1>Phone of ${person.displayName}</h1>
      <p class="meta">KVNR ${person.kvnr} · <a href="${CIBA_PHONE_PATH}">other person</a></p>
      ${answered ? html`<p class="status" role="status" data-testid="ciba-answered">${answered}</p>` : ""}
      ${model.error ? html`<p class="error" role="alert" data-testid="ciba-error">${model.error}</p>` : ""}
      <h2>Login requests</h2>
      <ul id="ciba-requests" data-testid="ciba-requests" data-events="${events}" aria-live="polite">
        ${trusted(cibaRequestListHtml(model.entries))}
      </ul>`,
    true,
  );
}
