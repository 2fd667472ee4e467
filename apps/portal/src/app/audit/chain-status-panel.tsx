"use client";
import { useMutation } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import type { ChainStatus } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { Code } from "@lotse/ui/layout";
import { useTRPC } from "~/trpc/react";
import { utcTime } from "~/components/utc-time";

const REASONS = {
  hash: "its contents were changed after it was written",
  "prev-hash": "the event before it was removed, or events were reordered",
  checkpoint:
    "the last event verified by an earlier check was removed or changed since (with any events after it)",
} as const;

/**
 * Whether the audit hash chain verifies, and the admin's way to re-hash all of it: the status
 * check trusts events it verified before, so changes to old rows only show after a full run.
 */
export function ChainStatusPanel({ initial }: { initial: ChainStatus }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState(initial);
  const verify = useMutation(
    trpc.audit.verifyChain.mutationOptions({ onSuccess: (result) => setStatus(result) }),
  );
  const fully = status.fullyVerifiedAt
    ? `The whole chain was last re-verified at ${utcTime(status.fullyVerifiedAt, 19)} UTC.`
    : "The whole chain has not been re-verified from its start yet.";

  return (
    <div data-testid="chain-status" data-ok={status.ok} className="grid grid-cols-1 gap-2">
      {status.ok ? (
        <Alert tone="success" title="Hash chain intact">
          <p>
            {status.checked.toLocaleString("en")} events verified
            {status.checkedNow > 0 ? ` (${status.checkedNow.toLocaleString("en")} new)` : ""}, last
            checked at {utcTime(status.verifiedAt, 19)} UTC. {fully}
          </p>
        </Alert>
      ) : (
        <Alert tone="danger" title="Hash chain broken: the log was changed outside the broker">
          <p>
            The first event that does not fit is <Code>{status.brokenAt?.id ?? "?"}</Code> (#
            {status.brokenAt?.seq ?? "?"}): {REASONS[status.brokenAt?.reason ?? "hash"]}.{" "}
            {status.checked.toLocaleString("en")} events before it verify. Checked at{" "}
            {utcTime(status.verifiedAt, 19)} UTC.
          </p>
        </Alert>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          size="sm"
          loading={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {!verify.isPending && <RefreshCw aria-hidden />}
          Verify the whole chain again
        </Button>
        <p className="m-0 text-sm text-muted-foreground" aria-live="polite">
          {verify.isPending
            ? "Re-hashing every event from the first; this takes a while on a large log…"
            : "Each visit checks only new events; this re-hashes every event, for changes to old ones."}
        </p>
      </div>
      {verify.error && <Alert tone="danger">{verify.error.message}</Alert>}
    </div>
  );
}
