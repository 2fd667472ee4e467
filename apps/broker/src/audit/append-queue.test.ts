/** The audit log's group commit (append-queue.ts), against a recording writer. */
import { describe, expect, test } from "vitest";
import type { AuditEventFields } from "@lotse/db/audit";
import { createAppendQueue } from "./append-queue.js";

const event = (flowId: string) => ({ flowId }) as AuditEventFields;
const ids = (batch: AuditEventFields[]) => batch.map((fields) => fields.flowId);

describe("append queue", () => {
  test("events of one moment share a batch; urgent ones go first", async () => {
    const batches: AuditEventFields[][] = [];
    const queue = createAppendQueue(async (events) => void batches.push(events), { maxBatch: 8 });
    await Promise.all([
      queue.append(event("f1"), false),
      queue.append(event("f2"), false),
      queue.append(event("login"), true),
    ]);
    expect(batches.map(ids)).toEqual([["login", "f1", "f2"]]);
  });

  test("an urgent event waits at most for the batch being written", async () => {
    const batches: AuditEventFields[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const queue = createAppendQueue(
      async (events) => {
        batches.push(events);
        if (batches.length === 1) await first;
      },
      { maxBatch: 4 },
    );
    const flood = Array.from({ length: 12 }, (_, i) => queue.append(event(`f${i}`), false));
    await new Promise((resolve) => setImmediate(resolve));
    const login = queue.append(event("login"), true);
    release();
    await Promise.all([...flood, login]);
    // 4 slots, one reserved for the failures while urgent events wait: the login is in the
    // second batch, and every failure is written.
    expect(batches.map(ids)).toEqual([
      ["f0", "f1", "f2", "f3"],
      ["login", "f4", "f5", "f6"],
      ["f7", "f8", "f9", "f10"],
      ["f11"],
    ]);
  });

  test("a stream of urgent events leaves room for the others", async () => {
    const batches: AuditEventFields[][] = [];
    const queue = createAppendQueue(async (events) => void batches.push(events), { maxBatch: 4 });
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => queue.append(event(`u${i}`), true)),
      queue.append(event("f"), false),
    ]);
    expect(batches.map(ids)).toEqual([["u0", "u1", "u2", "f"], ["u3", "u4", "u5", "u6"], ["u7"]]);
  });

  test("a failed batch is retried event by event; only the bad event is rejected", async () => {
    const written: string[] = [];
    const queue = createAppendQueue(async (events) => {
      if (events.some((fields) => fields.flowId === "bad")) throw new Error("refused");
      written.push(...ids(events).map(String));
    });
    const results = await Promise.allSettled([
      queue.append(event("a"), true),
      queue.append(event("bad"), false),
      queue.append(event("b"), false),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(written).toEqual(["a", "b"]);
  });
});
