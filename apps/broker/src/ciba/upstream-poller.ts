/**
 * Asks the insurers about pending backchannel logins in the background, so a ping-mode app
 * is notified when the person has answered (or the request expired) without polling, and a
 * poll-mode app's next poll finds the answer. Every instance may run it: each request is claimed in the database
 * before its insurer is asked (login/ciba.ts). The timer is unref'd.
 */
import type { Logger } from "@lotse/server";
import {
  dueUpstreamPolls,
  expireBackchannelLogins,
  settleBackchannelLogin,
  type CibaDeps,
} from "../login/ciba.js";

export function startCibaUpstreamPoller(
  deps: CibaDeps,
  logger: Logger,
  intervalMs = 1000,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dueUpstreamPolls(deps)
      .then((rows) => Promise.all(rows.map((row) => settleBackchannelLogin(deps, row))))
      .then(() => expireBackchannelLogins(deps))
      .catch((error: Error) => logger.warn({ err: error.message }, "CIBA upstream poll failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
