/**
 * Readable errors for the SMART example: an OAuth error on the redirect (RFC 6749
 * §4.1.2.1), a token endpoint error (RFC 6749 §5.2) and a FHIR server's
 * OperationOutcome. fhirclient throws an HttpError whose message holds the status line,
 * the URL and the parsed body (it reads the body once, so the message is all that is left).
 */

export type SmartStep = "launch" | "redirect" | "token" | "fhir" | "refresh";

export interface DescribedError {
  step: SmartStep;
  title: string;
  /** One readable sentence: the OAuth error description or the OperationOutcome's text. */
  summary: string;
  /** The OAuth error code (`access_denied`, `invalid_grant`, …) when there is one. */
  oauthError?: string;
  status?: number;
  url?: string;
  /** Further lines: each OperationOutcome issue, fhirclient's advice. */
  details: string[];
}

const TITLES: Record<SmartStep, string> = {
  launch: "The launch could not start",
  redirect: "The authorization server refused the request",
  token: "The authorization could not be completed",
  fhir: "The FHIR server refused the request",
  refresh: "The token could not be refreshed",
};

/** The error parameters of a redirect back to the app, if it carries one. */
export function oauthRedirectError(search: string): DescribedError | undefined {
  const params = new URLSearchParams(search);
  const error = params.get("error");
  if (!error) return undefined;
  const uri = params.get("error_uri");
  return {
    step: "redirect",
    title: TITLES.redirect,
    summary: params.get("error_description") ?? error,
    oauthError: error,
    details: uri ? [`More information: ${uri}`] : [],
  };
}

interface OutcomeIssue {
  severity?: string;
  code?: string;
  diagnostics?: string;
  details?: { text?: string; coding?: { display?: string; code?: string }[] };
}

/** The readable lines of an OperationOutcome (diagnostics, else details, else the issue code). */
export function operationOutcomeLines(body: unknown): string[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const outcome = body as { resourceType?: unknown; issue?: unknown };
  if (outcome.resourceType !== "OperationOutcome" || !Array.isArray(outcome.issue))
    return undefined;
  return (outcome.issue as OutcomeIssue[]).map((issue) => {
    const text =
      issue.diagnostics ??
      issue.details?.text ??
      issue.details?.coding?.[0]?.display ??
      issue.code ??
      "unknown issue";
    return issue.severity && issue.code ? `${text} (${issue.severity}, ${issue.code})` : text;
  });
}

function embeddedJson(message: string): unknown {
  const start = message.indexOf("\n\n{");
  const end = message.lastIndexOf("}");
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(message.slice(start + 2, end + 1));
  } catch {
    return undefined;
  }
}

const URL_LINE = /^URL: (.*)$/;
const OAUTH_LINE = /^([a-z][a-z0-9_]*)(?:: (.*))?$/;

function fromHttpError(step: SmartStep, status: number, message: string): DescribedError {
  const lines = message.split("\n");
  const url = lines.map((line) => URL_LINE.exec(line)?.[1]).find(Boolean);
  const json = embeddedJson(message);
  const outcome = operationOutcomeLines(json);
  const jsonEnd = message.lastIndexOf("}");
  // What fhirclient appends after the body, e.g. "Session expired! Please re-launch the app".
  const advice = (json !== undefined ? message.slice(jsonEnd + 1) : "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const base = { step, title: TITLES[step], status, ...(url ? { url } : {}) };
  if (outcome) {
    return {
      ...base,
      summary: outcome[0] ?? `HTTP ${status}`,
      details: [...outcome.slice(1), ...advice],
    };
  }
  if (json !== undefined) {
    return {
      ...base,
      summary: lines[0] ?? `HTTP ${status}`,
      details: [JSON.stringify(json), ...advice],
    };
  }
  // An OAuth error body: fhirclient wrote "error: error_description" on the line after the URL.
  const rest = lines.filter(
    (line, index) => index > 0 && !URL_LINE.test(line) && line.trim() !== "",
  );
  const oauth = rest[0] ? OAUTH_LINE.exec(rest[0]) : null;
  if (oauth) {
    return {
      ...base,
      summary: oauth[2] ?? oauth[1]!,
      oauthError: oauth[1]!,
      details: rest.slice(1),
    };
  }
  return { ...base, summary: lines[0] ?? `HTTP ${status}`, details: rest };
}

/** Describes anything fhirclient (or the app around it) threw during `step`. */
export function describeSmartError(step: SmartStep, error: unknown): DescribedError {
  if (typeof error === "object" && error !== null) {
    const { status, message } = error as { status?: unknown; message?: unknown };
    if (typeof status === "number" && typeof message === "string") {
      return fromHttpError(step, status, message);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  // fhirclient turns an error redirect into Error("error: description") in ready().
  const oauth = step === "token" ? /^([a-z][a-z0-9_]*): (.+)$/s.exec(message) : null;
  if (oauth) {
    return { step, title: TITLES.redirect, summary: oauth[2]!, oauthError: oauth[1]!, details: [] };
  }
  // A fetch that never got an answer: server down, or CORS refused the response.
  const network = error instanceof TypeError && /fetch/i.test(message);
  const [first = message, ...rest] = message.split("\n");
  return {
    step,
    title: TITLES[step],
    summary: first,
    details: network
      ? [
          ...rest,
          "No answer could be read: the server may be down, or it does not allow this origin (CORS).",
        ]
      : rest,
  };
}
