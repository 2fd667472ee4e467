"use server";

import { describeHelpdeskError } from "~/lib/helpdesk/describe-error";
import { startInputSchema } from "~/lib/helpdesk/start-input";
import type { HelpdeskError, HelpdeskStatus } from "~/lib/helpdesk/status";
import { startHelpdeskRequest } from "~/server/helpdesk/helpdesk-requests";
import { lotseClient } from "~/server/lotse-client";

export type StartResult =
  { ok: true; id: string; status: HelpdeskStatus } | { ok: false; error: HelpdeskError };

/**
 * The agent's "Start": checks the form on the server, looks the insurer up in the broker's
 * list for this app (so only a listed issuer is sent as `provider`) and starts the CIBA
 * request. An example: a real help desk would first authenticate its agent.
 */
export async function startHelpdesk(input: {
  kvnr: string;
  insurer: string;
  bindingMessage: string;
  mode: string;
}): Promise<StartResult> {
  const parsed = startInputSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: describeHelpdeskError("invalid_input", first?.message) };
  }
  let insurer;
  try {
    insurer = (await lotseClient().listIdps()).find((idp) => idp.issuer === parsed.data.insurer);
  } catch {
    return { ok: false, error: describeHelpdeskError("broker_unreachable") };
  }
  if (!insurer) return { ok: false, error: describeHelpdeskError("unknown_insurer") };
  const { id, status } = await startHelpdeskRequest(parsed.data, {
    issuer: insurer.issuer,
    organizationName: insurer.organizationName,
  });
  return { ok: true, id, status };
}
