/**
 * The help desk's running requests, in this server's memory. This is an example app with
 * one process: a real service would keep them in its database or Redis so that a second
 * instance (and a restart) still knows them (compare DESIGN.md §3 "Stateless services").
 *
 * The maps hang off globalThis because Next bundles route handlers and server actions
 * separately, and a module-level variable is not guaranteed to be one object for both.
 */
import { createHash } from "node:crypto";
import type { HelpdeskStatus } from "~/lib/helpdesk/status";

export interface RunningRequest {
  /** Random, unguessable: the agent page's handle on the request. */
  id: string;
  status: HelpdeskStatus;
  /** Ping mode: the auth_req_id the broker gave, once it answered. */
  authReqId?: string;
  /** Ping mode: the auth_req_id of the notification, once it came. */
  notifiedAuthReqId?: string;
  /** Ping mode: wakes the flow waiting for the notification. */
  wake?: () => void;
  /** Ping mode: the key of the client_notification_token in `byNotificationToken`. */
  notificationKey?: string;
}

interface Store {
  requests: Map<string, RunningRequest>;
  /** SHA-256 of a client_notification_token → its request. Hashed so a lookup leaks no timing about the token. */
  byNotificationToken: Map<string, RunningRequest>;
}

const STORE = Symbol.for("lotse.demo-web.helpdesk-requests");
/** Finished requests are forgotten after this long; the page has long shown them by then. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;
/** A bound on memory for a public demo. */
const MAX_REQUESTS = 500;

function store(): Store {
  const holder = globalThis as typeof globalThis & { [STORE]?: Store };
  holder[STORE] ??= { requests: new Map(), byNotificationToken: new Map() };
  return holder[STORE];
}

export function notificationKey(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function addRequest(request: RunningRequest, notificationToken?: string): void {
  const { requests, byNotificationToken } = store();
  if (requests.size >= MAX_REQUESTS) {
    // Maps iterate in insertion order: the oldest goes first.
    const oldest = requests.values().next().value;
    if (oldest) removeRequest(oldest);
  }
  requests.set(request.id, request);
  if (notificationToken) {
    request.notificationKey = notificationKey(notificationToken);
    byNotificationToken.set(request.notificationKey, request);
  }
}

export function findRequest(id: string): RunningRequest | undefined {
  return store().requests.get(id);
}

export function findByNotificationToken(token: string): RunningRequest | undefined {
  return store().byNotificationToken.get(notificationKey(token));
}

/** Records the outcome; a late notification for it is then refused. */
export function finishRequest(request: RunningRequest, status: HelpdeskStatus): void {
  request.status = status;
  if (request.notificationKey) store().byNotificationToken.delete(request.notificationKey);
  request.wake = undefined;
  setTimeout(() => removeRequest(request), KEEP_FINISHED_MS).unref();
}

function removeRequest(request: RunningRequest): void {
  const { requests, byNotificationToken } = store();
  requests.delete(request.id);
  if (request.notificationKey) byNotificationToken.delete(request.notificationKey);
}
