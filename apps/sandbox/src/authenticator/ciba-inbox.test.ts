import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { CibaInbox, type CibaInboxEntry } from "./ciba-inbox.js";

const NOW = Date.UTC(2026, 0, 1, 12);

function pending(overrides: Partial<CibaInboxEntry> = {}): Omit<CibaInboxEntry, "id"> {
  return {
    kvnr: "X110411675",
    idp: "nord",
    organizationName: "Sandbox Krankenkasse Nord",
    authReqId: "auth-req-1",
    requestingApplication: "Demo Praxis",
    bindingMessage: "Code 1",
    scopes: ["openid"],
    expiresAt: NOW + 60_000,
    ...overrides,
  };
}

describe("CibaInbox", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  test("keeps each person's requests apart, oldest first", () => {
    const inbox = new CibaInbox();
    const first = inbox.add(pending({ bindingMessage: "one" }));
    inbox.add(pending({ kvnr: "X110412020" }));
    const second = inbox.add(pending({ bindingMessage: "two" }));
    expect(inbox.pendingFor("X110411675").map((e) => e.id)).toEqual([first.id, second.id]);
    expect(inbox.pendingFor("X110412020")).toHaveLength(1);
    expect(first.id).not.toBe(second.id);
  });

  test("take removes a request once", () => {
    const inbox = new CibaInbox();
    const entry = inbox.add(pending());
    expect(inbox.take(entry.id)).toMatchObject({ authReqId: "auth-req-1" });
    expect(inbox.take(entry.id)).toBeUndefined();
    expect(inbox.pendingFor("X110411675")).toEqual([]);
  });

  test("an expired request leaves on its own and cannot be taken", () => {
    const inbox = new CibaInbox();
    const entry = inbox.add(pending());
    vi.advanceTimersByTime(60_000);
    expect(inbox.pendingFor("X110411675")).toEqual([]);
    expect(inbox.take(entry.id)).toBeUndefined();
  });

  test("listeners hear about additions, answers and expiry of their person only", () => {
    const inbox = new CibaInbox();
    const listener = vi.fn();
    const other = vi.fn();
    const unsubscribe = inbox.subscribe("X110411675", listener);
    inbox.subscribe("X110412020", other);
    const entry = inbox.add(pending());
    inbox.add(pending({ authReqId: "auth-req-2" }));
    inbox.take(entry.id);
    vi.advanceTimersByTime(60_000);
    expect(listener).toHaveBeenCalledTimes(4);
    expect(other).not.toHaveBeenCalled();
    unsubscribe();
    inbox.add(pending());
    expect(listener).toHaveBeenCalledTimes(4);
  });
});
