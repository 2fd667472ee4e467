/**
 * Audit log inputs and outputs (DESIGN.md §5). Browser-safe: the portal's filter form
 * (GET parameters) and the export route parse with the same shapes.
 */
import { z } from "zod";
import { wellFormedString } from "./well-formed.js";

export const AUDIT_OUTCOMES = ["SUCCESS", "FAILURE"] as const;
export const AUDIT_PAGE_SIZE_MAX = 100;
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

/** An empty form field means "no filter", so "" becomes undefined. */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    wellFormedString().trim().max(max).optional(),
  );

const optionalDate = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.coerce.date().optional(),
);

export const auditFilterInput = z
  .object({
    from: optionalDate,
    to: optionalDate,
    /** The application, by its OAuth client id (many events carry no application id). */
    clientId: optionalText(200),
    upstreamIdp: optionalText(500),
    type: optionalText(64),
    outcome: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(AUDIT_OUTCOMES).optional(),
    ),
    subject: optionalText(500),
    flowId: optionalText(200),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "The start must be before the end.",
    path: ["to"],
  });
export type AuditFilter = z.infer<typeof auditFilterInput>;

/** A position in the (time desc, id desc) order: `<epoch ms>_<id>`. */
export const auditCursor = z
  .string()
  .max(200)
  .regex(/^\d{1,15}_[A-Za-z0-9-]{1,100}$/, "Not a valid cursor.");

export const listAuditInput = z.object({
  filter: auditFilterInput.default({}),
  cursor: auditCursor.optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(50),
});

export const auditFlowInput = z.object({ flowId: wellFormedString().trim().min(1).max(200) });

export const exportAuditInput = z.object({
  filter: auditFilterInput.default({}),
  format: z.enum(["csv", "json"]),
});

export const auditEventOutput = z.object({
  id: z.string(),
  seq: z.string(),
  time: z.date(),
  type: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  errorCode: z.string().nullable(),
  errorDescription: z.string().nullable(),
  applicationId: z.string().nullable(),
  clientId: z.string().nullable(),
  upstreamIdp: z.string().nullable(),
  subject: z.string().nullable(),
  grantId: z.string().nullable(),
  flowId: z.string().nullable(),
  /** The end user's; absent for anyone but admins (services/audit/scope.ts, seesEndUserNetwork). */
  clientIp: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventOutput>;

export const auditPageOutput = z.object({
  events: z.array(auditEventOutput),
  nextCursor: z.string().nullable(),
});

export const explanationOutput = z.object({
  title: z.string(),
  cause: z.string(),
  fix: z.string(),
  registered: z.array(z.string()).optional(),
  sent: z.string().optional(),
});
export type Explanation = z.infer<typeof explanationOutput>;

export const auditFlowOutput = z.object({
  flowId: z.string(),
  steps: z.array(
    auditEventOutput.extend({
      explanation: explanationOutput.nullable(),
      /** What a successful step established, where its parameters alone do not say it. */
      summary: z.string().nullable(),
      /** The broker request the step happened in (X-Request-Id), to find its log lines. */
      requestId: z.string().nullable(),
    }),
  ),
});

export const auditExportOutput = z.object({
  filename: z.string(),
  contentType: z.string(),
  body: z.string(),
  rows: z.number().int(),
  truncated: z.boolean(),
});

const rate = z.object({
  key: z.string(),
  label: z.string(),
  success: z.number().int(),
  failure: z.number().int(),
});

export const auditOverviewOutput = z.object({
  since: z.date(),
  loginsPerHour: z.array(z.object({ hour: z.date(), count: z.number().int() })),
  byIdp: z.array(rate),
  byApplication: z.array(rate),
  topErrors: z.array(z.object({ errorCode: z.string(), count: z.number().int() })),
});

/** The chain check's answer; the status query and the full re-verification share it. */
export const chainStatusOutput = z.object({
  ok: z.boolean(),
  /** Events verified from the start of the chain, up to the first that does not fit. */
  checked: z.number().int(),
  /** Of those, the ones this check re-hashed (the rest were verified by earlier checks). */
  checkedNow: z.number().int(),
  verifiedAt: z.date(),
  /** When the whole chain was last re-hashed from its first event; null if never. */
  fullyVerifiedAt: z.date().nullable(),
  /** The first event that does not fit: changed (`hash`) or after a removed one (`prev-hash`). */
  brokenAt: z
    .object({
      seq: z.string(),
      id: z.string(),
      reason: z.enum(["prev-hash", "hash", "checkpoint"]),
    })
    .optional(),
});
export type ChainStatus = z.infer<typeof chainStatusOutput>;

export const auditFilterOptionsOutput = z.object({
  applications: z.array(z.object({ clientId: z.string(), name: z.string() })),
  idps: z.array(z.object({ issuer: z.string(), displayName: z.string() })),
});
