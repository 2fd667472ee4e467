import { html, type SafeHtml } from "@lotse/server/html";

/**
 * The `<head>` content of the broker's own pages (chooser, error page): the same privacy
 * and indexing rules on each (no Referer with codes in the URL, never indexed), then the
 * page's title and its nonce-bound assets.
 */
export function pageHead(title: string, assets: SafeHtml): SafeHtml {
  return html`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="robots" content="noindex, nofollow" />
    <meta name="color-scheme" content="light dark" />
    <title>${title}</title>
    ${assets}`;
}
