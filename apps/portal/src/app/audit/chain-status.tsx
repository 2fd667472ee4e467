import { api } from "../../trpc/server";

/** Admins only; re-hashes the whole chain, so it streams in after the rest of the page. */
export async function ChainStatus() {
  const status = await (await api()).audit.chainStatus();
  return (
    <p data-testid="chain-status" className={status.ok ? "hint" : "error"}>
      {status.ok
        ? `Hash chain intact: ${status.checked} events verified.`
        : `Hash chain BROKEN at event #${status.brokenAt?.seq ?? "?"} (${status.brokenAt?.reason ?? ""}): ` +
          `${status.checked} events verified before it. The log was changed outside the broker.`}
    </p>
  );
}
