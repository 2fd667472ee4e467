import { escapeHtml } from "@lotse/server/html";
import type { TestPerson } from "../identities/test-persons.js";
import { CLAIM_LABELS, LOGIN_TEXTS, type Locale } from "./login-texts.js";

export interface LoginPageModel {
  locale: Locale;
  organizationName: string;
  logoPath: string;
  clientName: string;
  clientId: string;
  formAction: string;
  persons: TestPerson[];
  requestedClaims: string[];
  /** On a re-render after a validation error: what the person had chosen. */
  selectedKvnr?: string;
  declinedClaims?: string[];
  error?: string;
  /**
   * Set when the authorization returns to an app (App Link or private-use scheme) instead
   * of the broker: the page is then the insurer's authenticator *app* on a phone
   * (issue 5), mobile-sized, naming where it returns to.
   */
  appRedirectUri?: string;
}

/** The authenticator app's look: phone-width, large touch targets, stacked buttons. */
const APP_STYLE =
  "body{max-width:24rem;margin:0 auto;padding:1rem;background:#f6f8fa}main{background:#fff;border-radius:12px;padding:1rem}" +
  ".badge{display:inline-block;font-size:.75rem;font-weight:600;background:#0b5cad;color:#fff;border-radius:999px;padding:.1rem .6rem}" +
  ".actions{flex-direction:column}button{padding:.85rem 1rem;width:100%}.option{padding:.6rem 0}";

/**
 * The insurer's login and consent page: pick a test person, review and untick requested
 * claims, approve or cancel. Plain HTML form, no script: works with keyboard and screen
 * readers by construction (fieldset/legend, labels wrapping their inputs, visible focus).
 */
export function loginPageHtml(model: LoginPageModel): string {
  const t = LOGIN_TEXTS[model.locale];
  const labels = CLAIM_LABELS[model.locale];
  const declined = new Set(model.declinedClaims ?? []);
  const e = escapeHtml;

  const persons = model.persons
    .map((person, index) => {
      const checked = person.kvnr === model.selectedKvnr ? " checked" : "";
      // The first option takes focus so a keyboard user starts in the form.
      const autofocus = index === 0 ? " autofocus" : "";
      return `<label class="option"><input type="radio" name="identity" value="${e(person.kvnr)}" required${checked}${autofocus} data-testid="identity-${e(person.kvnr)}"> <span>${e(person.displayName)}</span> <small>${e(person.kvnr)} · ${e(person.birthDate)}</small></label>`;
    })
    .join("\n");

  const claims = model.requestedClaims
    .map((claim) => {
      const checked = declined.has(claim) ? "" : " checked";
      return `<label class="option"><input type="checkbox" name="claim" value="${e(claim)}"${checked} data-testid="claim-${e(claim)}"> <span>${e(labels[claim] ?? claim)}</span> <small><code>${e(claim)}</code></small></label>`;
    })
    .join("\n");

  return `<!doctype html>
<html lang="${model.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title(model.organizationName))}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}
header{display:flex;gap:1rem;align-items:center}
fieldset{border:1px solid #d0d7de;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.option{display:block;padding:.35rem 0}
small{color:#57606a}
.error{color:#a40e26;font-weight:600}
.actions{display:flex;gap:.75rem;margin-top:1rem}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #1b1f24;background:#fff;cursor:pointer}
button.primary{background:#0b5cad;border-color:#0b5cad;color:#fff}
:focus-visible{outline:3px solid #e36209;outline-offset:2px}
.note{font-size:.875rem;color:#57606a;margin-top:2rem}
${model.appRedirectUri ? APP_STYLE : ""}
</style>
</head>
<body>
<header><img src="${e(model.logoPath)}" alt="" width="48" height="48"><h1>${e(t.title(model.organizationName))}</h1></header>
<main>
${model.appRedirectUri ? `<p><span class="badge" data-testid="authenticator-app">${e(t.appBadge)}</span></p>` : ""}
<p data-testid="requesting-client">${e(t.requester(model.clientName))}<br><small>${e(t.clientId)}: <code>${e(model.clientId)}</code></small></p>
${model.error ? `<p class="error" role="alert" data-testid="login-error">${e(model.error)}</p>` : ""}
<form method="post" action="${e(model.formAction)}">
<fieldset><legend>${e(t.chooseIdentity)}</legend>
${persons}
</fieldset>
<fieldset><legend>${e(t.claims)}</legend>
<p><small>${e(t.claimsHint)}</small></p>
${claims}
</fieldset>
<div class="actions">
<button type="submit" class="primary" name="action" value="approve" data-testid="approve">${e(t.approve)}</button>
<button type="submit" name="action" value="cancel" formnovalidate data-testid="cancel">${e(t.cancel)}</button>
</div>
</form>
${model.appRedirectUri ? `<p class="note" data-testid="returns-to">${e(t.returnsTo(model.appRedirectUri))}</p>` : ""}
<p class="note">${e(t.sandboxNote)}</p>
</main>
</body>
</html>`;
}
