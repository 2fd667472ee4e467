import { api } from "~/trpc/server";
import { ChainStatusPanel } from "./chain-status-panel";

/**
 * Admins only. The check re-hashes only the events appended since the last one (see the
 * API's chain-status service), but it still streams in after the rest of the page.
 */
export async function ChainStatus() {
  const status = await (await api()).audit.chainStatus();
  return <ChainStatusPanel initial={status} />;
}
