/**
 * `@lotse/sandbox/testing`: what other packages' tests need of the sandbox. The broker's
 * protocol tests run the whole sandbox in-process beside an in-process broker and drive
 * logins through it with a cookie-keeping test browser.
 */
export { createSandboxApp } from "../app.js";
export { loadSandboxEnv } from "../env.js";
export { CookieBrowser } from "./cookie-browser.js";
export { createMtlsServer } from "../tls/mtls-server.js";
export { loadServerCertificate } from "../tls/server-certificate.js";
