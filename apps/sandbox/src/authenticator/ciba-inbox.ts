import { randomBytes } from "node:crypto";
import type { IdpName } from "../idp/idp-registry.js";

/** What the phone shows of one pending CIBA request, and what answering it needs. */
export interface CibaInboxEntry {
  /** The phone's own id for the request: the auth_req_id is the broker's credential and stays off pages. */
  id: string;
  kvnr: string;
  idp: IdpName;
  organizationName: string;
  /** oidc-provider's BackchannelAuthenticationRequest id (the auth_req_id). */
  authReqId: string;
  /** `requesting_application` as the broker sent it, else the client's registered name. */
  requestingApplication: string;
  bindingMessage: string | undefined;
  scopes: string[];
  /** Epoch milliseconds: the request's expiry at the insurer. */
  expiresAt: number;
}

type Listener = () => void;

/**
 * The pending CIBA requests of every test person, keyed by KVNR: what each person's phone
 * shows. Process memory is right here: the sandbox is one process by design, and the
 * insurers' own CIBA state (oidc-provider's in-memory adapter) is lost on restart too.
 * An entry leaves when answered or when its request expires; every change notifies the
 * person's listeners (the phone's event streams).
 */
export class CibaInbox {
  readonly #entries = new Map<string, CibaInboxEntry & { timer: NodeJS.Timeout }>();
  readonly #listeners = new Map<string, Set<Listener>>();

  add(entry: Omit<CibaInboxEntry, "id">): CibaInboxEntry {
    const id = randomBytes(16).toString("base64url");
    // Unref'd: a pending request must not keep the process (or a test run) alive.
    const timer = setTimeout(() => this.take(id), Math.max(0, entry.expiresAt - Date.now()));
    timer.unref();
    this.#entries.set(id, { ...entry, id, timer });
    this.#notify(entry.kvnr);
    return { ...entry, id };
  }

  /** The person's pending requests, oldest first. */
  pendingFor(kvnr: string): CibaInboxEntry[] {
    const now = Date.now();
    return [...this.#entries.values()]
      .filter((entry) => entry.kvnr === kvnr && entry.expiresAt > now)
      .map(({ timer: _timer, ...entry }) => entry);
  }

  /** Removes a pending request to answer it; undefined when it was answered or has expired. */
  take(id: string): CibaInboxEntry | undefined {
    const stored = this.#entries.get(id);
    if (!stored) return undefined;
    this.#entries.delete(id);
    clearTimeout(stored.timer);
    this.#notify(stored.kvnr);
    const { timer: _timer, ...entry } = stored;
    return entry.expiresAt > Date.now() ? entry : undefined;
  }

  /** Calls `listener` after every change to the person's requests; returns the unsubscribe. */
  subscribe(kvnr: string, listener: Listener): () => void {
    const listeners = this.#listeners.get(kvnr) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(kvnr, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(kvnr);
    };
  }

  #notify(kvnr: string): void {
    for (const listener of this.#listeners.get(kvnr) ?? []) listener();
  }
}
