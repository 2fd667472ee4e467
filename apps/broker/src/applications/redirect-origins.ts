/**
 * The web origins of an application: those of its http(s) redirect URIs. Private-use
 * schemes (`de.example.app:/…`, RFC 8252 §7.1) have none. The browser CORS allow-list of
 * both the native APIs (native-api/cors.ts) and oidc-provider's endpoints
 * (oidc/configuration.ts `clientBasedCORS`).
 */
export function redirectUriOrigins(redirectUris: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const uri of redirectUris) {
    const url = URL.parse(uri);
    if (url && (url.protocol === "https:" || url.protocol === "http:")) origins.add(url.origin);
  }
  return origins;
}
