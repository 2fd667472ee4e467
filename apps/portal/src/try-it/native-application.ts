// Browser-safe: used by the Try-it panel and the /try-it/start route.
/**
 * A native app (one with a private-use-scheme redirect URI) gets the insurer's answer
 * directly at its http(s) redirect URI, as an App Link (the broker's
 * interactions/upstream-redirect-uri.ts); the portal's callback is not registered at the
 * insurers, so Try it cannot run for such an application.
 */
export const isNativeApplication = (redirectUris: readonly string[]) =>
  redirectUris.some((uri) => !/^https?:/i.test(uri));
