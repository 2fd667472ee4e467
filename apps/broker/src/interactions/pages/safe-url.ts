/**
 * Logo URLs come from the federation's IDP list and from application
 * registrations. Only URLs the page's CSP `img-src` allows are rendered
 * (https, or http on localhost for the sandbox), so a bad entry shows the
 * monogram instead of a broken image, and no other scheme reaches the page.
 */
export function safeImageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === "https:") return parsed.href;
  if (parsed.protocol === "http:" && parsed.hostname === "localhost") return parsed.href;
  return null;
}
