/**
 * What a login must keep until the app is opened again with the answer (RFC 6749 §10.12,
 * RFC 7636 §4.5): its state, nonce and PKCE verifier. On the web the page itself is
 * replaced by the full-page redirect, so they live in `sessionStorage` (this tab only,
 * gone with it); on a phone the app process stays alive while the browser or the insurer's
 * app is in front, so memory suffices for the demo (a production app would also survive
 * being killed, e.g. with expo-secure-store).
 */
import { Platform } from "react-native";

export interface PendingLogin {
  flow: "A" | "B";
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

const KEY = "lotse-demo.pending-login";
let inMemory: string | undefined;

const storage = {
  get: (): string | undefined =>
    Platform.OS === "web" ? (window.sessionStorage.getItem(KEY) ?? undefined) : inMemory,
  set: (value: string | undefined) => {
    if (Platform.OS !== "web") inMemory = value;
    else if (value === undefined) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, value);
  },
};

export function savePendingLogin(login: PendingLogin): void {
  storage.set(JSON.stringify(login));
}

/** Answers the pending login once: a second use of the same redirect finds none. */
export function takePendingLogin(): PendingLogin | undefined {
  const stored = storage.get();
  storage.set(undefined);
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as PendingLogin;
  } catch {
    return undefined;
  }
}
