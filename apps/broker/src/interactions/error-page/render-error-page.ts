/**
 * The page a person sees when a login cannot go on and we must not (or cannot)
 * redirect back to the app: an unregistered redirect_uri (RFC 9700 §4.1), an
 * unknown client, an expired interaction, an unreachable insurer. It explains
 * the problem in plain language and shows the OAuth error code small, for
 * support. Only the first line of the description is shown, so a stack trace
 * passed by mistake never reaches the person (STYLE.md, rule 5).
 */
import { escapeHtml, html, trusted, type SafeHtml } from "@lotse/server/html";
import { pageHead } from "../pages/page-head.js";
import type { Locale } from "../pages/locale.js";
import { ERROR_PAGE_CSS } from "./error-page-styles.js";
import { errorPageMessages, explainError } from "./messages.js";
import { safeBackToAppUrl } from "./safe-back-url.js";

export interface ErrorPageInput {
  locale: Locale;
  /** Overrides the title derived from the error code. */
  title?: string | null;
  /** The OAuth error code, e.g. `invalid_request`. */
  error: string;
  /** The OAuth error_description; shown small, first line only. */
  description?: string | null;
  /** A link back to the app; pass only a URL registered for the application. */
  backToAppUrl?: string | null;
  /**
   * Only when the response's CSP allows styles by nonce; with `errorPageCsp()`
   * (hash-based) none is needed.
   */
  cspNonce?: string | null;
}

const MAX_CODE_LENGTH = 64;
const MAX_DESCRIPTION_LENGTH = 300;

const ALERT_ICON = trusted(
  '<svg viewBox="0 0 24 24" fill="none" aria-hidden="true"><circle cx="12" cy="12" r="9" stroke="currentColor" stroke-width="2"/><path d="M12 7.5v5.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="16.5" r="1.2" fill="currentColor"/></svg>',
);

/**
 * Built as a plain string, outside the `html` template that Prettier formats:
 * the CSP allows this CSS by its hash, so it must reach the page byte for byte.
 */
function styleTag(nonce: string | null | undefined): SafeHtml {
  const attribute = nonce ? ` nonce="${escapeHtml(nonce)}"` : "";
  return trusted(`<style${attribute}>${ERROR_PAGE_CSS}</style>`);
}

function firstLine(text: string, max: number): string {
  const line = (text.split(/\r?\n/)[0] ?? "").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function renderErrorPage(input: ErrorPageInput): string {
  const { locale } = input;
  const messages = errorPageMessages[locale];
  const code = firstLine(input.error, MAX_CODE_LENGTH) || "server_error";
  const explained = explainError(locale, code);
  const title = input.title?.trim() || explained.title;
  const description = input.description ? firstLine(input.description, MAX_DESCRIPTION_LENGTH) : "";
  const backUrl = safeBackToAppUrl(input.backToAppUrl);

  const next = backUrl
    ? html`<div class="actions">
        <a class="button button-primary" href="${backUrl}" data-testid="error-back-to-app"
          >${messages.backToApp}</a
        >
      </div>`
    : html`<p class="hint">${messages.closeWindow}</p>`;

  const page = html`<!doctype html>
    <html lang="${locale}">
      <head>
        ${pageHead(title, styleTag(input.cspNonce))}
      </head>
      <body>
        <main class="page" data-testid="error-page" data-error-code="${code}">
          <div class="card">
            <div class="icon">${ALERT_ICON}</div>
            <h1>${title}</h1>
            <p class="explanation">${explained.explanation}</p>
            ${next}
            <section class="support" aria-label="${messages.details}">
              <p>${messages.errorCode}: <code data-testid="error-code">${code}</code></p>
              ${description ? html`<p><code data-testid="error-description">${description}</code></p>` : null}
            </section>
          </div>
        </main>
      </body>
    </html> `;
  return page.value;
}
