/**
 * The IDP chooser: the page where a person picks their health insurer.
 *
 * One POST form holds a submit button per insurer (`name="idp"`, the issuer as
 * value), so keyboard users Tab and Enter through the list. The search filters
 * as the person types (inline script, CSP nonce); without JavaScript it submits
 * a GET with `q`, and the server passes `query` back to render the filtered list.
 * Non-matching insurers are rendered `hidden` rather than left out, so clearing
 * the search in the browser shows them again.
 */
import { escapeHtml, html, trusted, type SafeHtml } from "@lotse/server/html";
import { pageHead } from "../pages/page-head.js";
import { FOLD_SCRIPT, filterIdps, searchForms, slugify, type ChooserIdp } from "./filter-idps.js";
import type { Locale } from "../pages/locale.js";
import { chooserMessages, format, type ChooserMessages } from "./messages.js";
import { BASE_CSS, CHOOSER_CSS } from "../pages/page-styles.js";
import { safeImageUrl } from "../pages/safe-url.js";

export interface ChooserInput {
  locale: Locale;
  application: { name: string; logoUri?: string | null };
  idps: readonly ChooserIdp[];
  /** Where the form posts the choice (`idp`) or the cancel (`cancel=1`). */
  formAction: string;
  /** Extra fields posted with the choice. */
  hiddenFields: Readonly<Record<string, string>>;
  cspNonce: string;
  /** The current search text (the no-JS search is a GET with `q` to the same page). */
  query?: string | null;
  /** Where the cancel button posts, if not to `formAction`. */
  cancelAction?: string | null;
  /** Where the search GET goes; the current page URL when absent. */
  searchAction?: string | null;
}

/** Longer queries are cut; no insurer name comes close. */
const MAX_QUERY_LENGTH = 100;

const SEARCH_ICON = trusted(
  '<svg viewBox="0 0 20 20" fill="none" aria-hidden="true"><circle cx="9" cy="9" r="6" stroke="currentColor" stroke-width="1.8"/><path d="m13.5 13.5 3.5 3.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>',
);
const CHEVRON_ICON = trusted(
  '<svg viewBox="0 0 20 20" fill="none" aria-hidden="true"><path d="m8 5 5 5-5 5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

/**
 * Progressive enhancement: live filtering, a result count for screen readers,
 * and a monogram for logos that fail to load (inline `onerror` is CSP-blocked).
 */
const SCRIPT = `(function(){var d=document;d.documentElement.className='js';${FOLD_SCRIPT}
d.addEventListener('DOMContentLoaded',function(){
var input=d.getElementById('idp-search'),form=d.getElementById('search-form'),empty=d.getElementById('chooser-empty'),status=d.getElementById('chooser-status');
var items=[].slice.call(d.querySelectorAll('[data-search]')),groups=[].slice.call(d.querySelectorAll('[data-group]'));
function apply(){var q=fold(input.value),n=0;
items.forEach(function(li){var hit=!q||li.getAttribute('data-search').indexOf(q)!==-1;li.hidden=!hit;if(hit)n++;});
groups.forEach(function(g){g.hidden=!g.querySelector('[data-search]:not([hidden])');});
if(items.length){empty.hidden=n!==0;}
status.textContent=(n===1?status.getAttribute('data-one'):status.getAttribute('data-other')).replace('{count}',String(n));}
if(input){input.addEventListener('input',apply);form.addEventListener('submit',function(e){e.preventDefault();apply();});}
[].forEach.call(d.querySelectorAll('img[data-logo]'),function(img){function swap(){var m=d.createElement('span');m.className='monogram';m.setAttribute('aria-hidden','true');m.textContent=img.getAttribute('data-initial');img.replaceWith(m);}
if(img.complete&&img.naturalWidth===0){swap();}else{img.addEventListener('error',swap);}});
});})();`;

/**
 * Built as a plain string, outside the `html` template that Prettier formats,
 * so the CSS and script reach the page exactly as written.
 */
function inlineAssets(nonce: string): SafeHtml {
  const n = escapeHtml(nonce);
  return trusted(
    `<style nonce="${n}">${BASE_CSS}${CHOOSER_CSS}</style><script nonce="${n}">${SCRIPT}</script>`,
  );
}

function initial(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toLocaleUpperCase() : "?";
}

/** A logo (decorative: the name is shown next to it) or, without a usable URL, a monogram. */
function logo(url: string | null | undefined, name: string, size: number): SafeHtml {
  const src = safeImageUrl(url);
  if (!src) return html`<span class="monogram" aria-hidden="true">${initial(name)}</span>`;
  return html`<img
    src="${src}"
    alt=""
    width="${size}"
    height="${size}"
    loading="lazy"
    decoding="async"
    referrerpolicy="no-referrer"
    data-logo
    data-initial="${initial(name)}"
  />`;
}

function idpButton(idp: ChooserIdp, hidden: boolean): SafeHtml {
  return html`<li
    data-search="${searchForms(idp.organizationName).join("\n")}"
    ${hidden ? trusted(" hidden") : ""}
  >
    <button
      type="submit"
      class="idp"
      name="idp"
      value="${idp.issuer}"
      data-testid="idp-${slugify(idp.organizationName)}"
      data-issuer="${idp.issuer}"
    >
      <span class="idp-logo">${logo(idp.logoUri, idp.organizationName, 44)}</span
      ><span class="idp-name">${idp.organizationName}</span>${CHEVRON_ICON}
    </button>
  </li>`;
}

function group(
  kind: "gkv" | "pkv",
  title: string,
  idps: readonly ChooserIdp[],
  visible: ReadonlySet<ChooserIdp>,
): SafeHtml | null {
  if (idps.length === 0) return null;
  const anyVisible = idps.some((idp) => visible.has(idp));
  return html`<section
    class="group"
    data-group="${kind}"
    data-testid="group-${kind}"
    aria-labelledby="group-${kind}-title"
    ${anyVisible ? "" : trusted(" hidden")}
  >
    <h2 id="group-${kind}-title">${title}</h2>
    <ul class="idps" role="list">
      ${idps.map((idp) => idpButton(idp, !visible.has(idp)))}
    </ul>
  </section>`;
}

function resultCount(messages: ChooserMessages, count: number): string {
  return format(count === 1 ? messages.resultsOne : messages.resultsOther, { count });
}

export function renderChooser(input: ChooserInput): string {
  const { locale, application, cspNonce } = input;
  const messages = chooserMessages[locale];
  const app = { app: application.name };
  const query = (input.query ?? "").slice(0, MAX_QUERY_LENGTH);

  const all = filterIdps(input.idps, "", locale);
  const visible = new Set<ChooserIdp>(filterIdps(input.idps, query, locale));
  const gkv = all.filter((idp) => !idp.pkv);
  const pkv = all.filter((idp) => idp.pkv);
  const hasIdps = all.length > 0;

  const hiddenFields = Object.entries(input.hiddenFields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
  const cancelFormAction = input.cancelAction ? html` formaction="${input.cancelAction}"` : null;
  const searchAction = input.searchAction ? html` action="${input.searchAction}"` : null;

  const search = hasIdps
    ? html`<form id="search-form" class="search" method="get" role="search" ${searchAction}>
        <label for="idp-search">${messages.searchLabel}</label>
        <div class="search-row">
          <div class="search-field">
            ${SEARCH_ICON}<input
              id="idp-search"
              name="q"
              type="search"
              value="${query}"
              placeholder="${messages.searchPlaceholder}"
              autocomplete="off"
              autocapitalize="off"
              spellcheck="false"
              enterkeyhint="search"
              maxlength="${MAX_QUERY_LENGTH}"
              aria-controls="idp-list"
              aria-describedby="chooser-status"
              data-testid="idp-search"
            />
          </div>
          <button type="submit" class="button search-submit">${messages.searchSubmit}</button>
        </div>
      </form>`
    : null;

  const emptyState = hasIdps
    ? html`<div
        id="chooser-empty"
        class="empty"
        data-testid="chooser-empty"
        ${visible.size > 0 ? trusted(" hidden") : ""}
      >
        <strong>${messages.emptyTitle}</strong>${messages.emptyHint}
      </div>`
    : html`<div id="chooser-empty" class="empty" data-testid="chooser-empty">
        ${messages.noIdps}
      </div>`;

  const page = html`<!doctype html>
    <html lang="${locale}" class="no-js">
      <head>
        ${pageHead(format(messages.documentTitle, app), inlineAssets(cspNonce))}
      </head>
      <body>
        <main class="page" data-testid="chooser">
          <div class="card">
            <header class="app">
              <span class="app-logo">${logo(application.logoUri, application.name, 56)}</span>
              <div>
                <h1>${format(messages.heading, app)}</h1>
                <p class="lead">${messages.lead}</p>
              </div>
            </header>
            ${search}
            <p
              id="chooser-status"
              class="sr-only"
              role="status"
              data-one="${messages.resultsOne}"
              data-other="${messages.resultsOther}"
            >
              ${query ? resultCount(messages, visible.size) : ""}
            </p>
            <form id="idp-list" method="post" action="${input.formAction}">
              ${hiddenFields} ${group("gkv", messages.groupGkv, gkv, visible)}
              ${group("pkv", messages.groupPkv, pkv, visible)} ${emptyState}
              <div class="actions">
                <button
                  type="submit"
                  class="button"
                  name="cancel"
                  value="1"
                  ${cancelFormAction}
                  data-testid="chooser-cancel"
                >
                  ${messages.cancel}
                </button>
              </div>
            </form>
          </div>
          <p class="footer">${format(messages.footer, app)}</p>
        </main>
      </body>
    </html> `;
  return page.value;
}
