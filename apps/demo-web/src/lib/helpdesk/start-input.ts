/**
 * The agent's form: the caller's KVNR, their insurer, the binding message and the
 * delivery mode. Checked on the server; the browser's input is not trusted.
 */
import { z } from "zod";
import { HELPDESK_MODES } from "./status";

/** The shape of a KVNR; the check digit is left to the insurer, which knows its members. */
const KVNR_SHAPE = /^[A-Z][0-9]{9}$/;

/**
 * CIBA Core §7.1: the binding message "SHOULD be relatively short and use a limited set of
 * plain text characters"; the broker accepts at most 64 (its CIBA contract, issue #12).
 */
export const BINDING_MESSAGE_MAX = 64;

export const startInputSchema = z.object({
  kvnr: z
    .string()
    .transform((value) => value.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().regex(KVNR_SHAPE, { error: "a KVNR is one letter and nine digits" })),
  insurer: z.string().min(1, { error: "choose the caller's insurer" }),
  bindingMessage: z
    .string()
    .trim()
    .min(1, { error: "the binding message is required" })
    .max(BINDING_MESSAGE_MAX, {
      error: `the binding message has at most ${BINDING_MESSAGE_MAX} characters`,
    })
    // Plain printable text only: it is shown on the caller's phone.
    .regex(/^[\p{L}\p{N}\p{P}\p{Zs}]+$/u, {
      error: "the binding message must be plain text",
    }),
  mode: z.enum(HELPDESK_MODES, { error: "the mode is poll or ping" }),
});
export type StartInput = z.infer<typeof startInputSchema>;

/** A 4-digit code the agent reads out and the caller finds on their phone. */
export function bindingCode(randomInt: (max: number) => number): string {
  return String(randomInt(10_000)).padStart(4, "0");
}
