/**
 * Group commit for the audit chain (security review item 4). Every event is one link of one
 * hash chain (DESIGN.md §5), so appends are serialised by one lock across all broker
 * instances. Taken once per event, a flood of failed requests from anyone queued up on it
 * (and each waiter held a database connection), and the events of real logins waited at the
 * end of that queue. Here each process writes its events in batches: while one batch is being
 * written, new events gather for the next, which is then written with one lock and one INSERT
 * (`appendAuditEvents`). A batch takes the urgent events (a login's steps) first, so they wait
 * for at most the batch already being written, however many failures are queued.
 *
 * Nothing is dropped: every append resolves once its event is stored, or rejects if it could
 * not be (a failed batch is retried event by event, so one bad event cannot take the others
 * with it). Callers await their event, so a flood is held back by its own requests and the
 * queue cannot grow beyond what is in flight.
 */
import type { AuditEventFields } from "@lotse/db/audit";

export interface AppendQueueOptions {
  /** Events per chain transaction; the most a login's event can wait behind. Default 500. */
  maxBatch?: number;
}

export interface AppendQueue {
  /** Resolves when the event is in the chain. */
  append(fields: AuditEventFields, urgent: boolean): Promise<void>;
}

interface Entry {
  fields: AuditEventFields;
  resolve(): void;
  reject(error: unknown): void;
}

export function createAppendQueue(
  write: (events: AuditEventFields[]) => Promise<void>,
  options: AppendQueueOptions = {},
): AppendQueue {
  const maxBatch = Math.max(1, options.maxBatch ?? 500);
  // Urgent events go first, but a quarter of a full batch stays open for the others, so a
  // steady stream of urgent events cannot hold the rest back forever.
  const reserved = Math.floor(maxBatch / 4);
  const urgent: Entry[] = [];
  const deferred: Entry[] = [];
  let draining = false;

  const nextBatch = (): Entry[] => {
    const fromUrgent = urgent.splice(
      0,
      deferred.length > 0 ? Math.max(maxBatch - reserved, 1) : maxBatch,
    );
    return [...fromUrgent, ...deferred.splice(0, maxBatch - fromUrgent.length)];
  };

  const settle = async (batch: Entry[]) => {
    try {
      await write(batch.map((entry) => entry.fields));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const entry of batch) await settle([entry]);
    }
  };

  const drain = async () => {
    try {
      while (urgent.length > 0 || deferred.length > 0) await settle(nextBatch());
    } finally {
      draining = false;
    }
  };

  return {
    append(fields, isUrgent) {
      return new Promise<void>((resolve, reject) => {
        (isUrgent ? urgent : deferred).push({ fields, resolve, reject });
        if (draining) return;
        draining = true;
        // Next turn of the event loop: events of the same moment share the first batch.
        setImmediate(() => void drain());
      });
    },
  };
}
