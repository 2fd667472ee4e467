/**
 * Browsers (and the web build) have Web Crypto, which the SDK uses for PKCE and random
 * state; nothing to do. The React Native version is crypto-polyfill.native.ts.
 */
export {};
