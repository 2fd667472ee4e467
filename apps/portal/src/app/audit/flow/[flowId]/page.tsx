import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "../../../../components/app-shell";
import { requireSession } from "../../../../server/session";
import { api } from "../../../../trpc/server";

/**
 * Keys never shown even if a detail carried one: the broker already drops them before
 * writing (sanitize-details), this is the second line.
 */
const HIDDEN_KEY = /(secret|password|token|assertion|verifier|^code$|authorization|cookie)/i;

function parameterValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export default async function FlowPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { flowId: rawFlowId } = await params;
  const flowId = decodeURIComponent(rawFlowId);
  const session = await requireSession(`/audit/flow/${encodeURIComponent(flowId)}`);
  const flow = await (await api()).audit.flow({ flowId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  });
  const first = flow.steps[0];
  const failed = flow.steps.find((step) => step.outcome === "FAILURE");

  return (
    <>
      <AppShell session={session}>
        <p>
          <Link href="/audit">← Audit log</Link>
        </p>
        <h1>Flow {flowId}</h1>
        <p className="hint">
          {first?.clientId && (
            <>
              Client <code>{first.clientId}</code>
              {" · "}
            </>
          )}
          {flow.steps.length} steps · {failed ? `failed at ${failed.type}` : "no failed step"}
        </p>
        <ol className="timeline" data-testid="flow-timeline">
          {flow.steps.map((step) => {
            const parameters = Object.entries(step.details).filter(
              ([key]) => !HIDDEN_KEY.test(key),
            );
            return (
              <li
                key={step.id}
                data-testid="flow-step"
                data-type={step.type}
                className={step.outcome === "FAILURE" ? "step failed" : "step"}
              >
                <div className="row" style={{ justifyContent: "space-between" }}>
                  <strong>
                    <code>{step.type}</code>{" "}
                    {step.outcome === "SUCCESS" ? (
                      <span className="badge ok">success</span>
                    ) : (
                      <span className="badge fail">{step.errorCode ?? "failure"}</span>
                    )}
                  </strong>
                  <time className="hint" dateTime={step.time.toISOString()}>
                    {step.time.toISOString().replace("T", " ").slice(0, 23)} UTC
                  </time>
                </div>
                <dl className="parameters">
                  {step.upstreamIdp && (
                    <>
                      <dt>IDP</dt>
                      <dd>{step.upstreamIdp}</dd>
                    </>
                  )}
                  {step.subject && (
                    <>
                      <dt>subject</dt>
                      <dd>{step.subject}</dd>
                    </>
                  )}
                  {step.grantId && (
                    <>
                      <dt>grant</dt>
                      <dd>{step.grantId}</dd>
                    </>
                  )}
                  {parameters.map(([key, value]) => (
                    <div key={key} style={{ display: "contents" }}>
                      <dt>{key}</dt>
                      <dd>
                        <code>{parameterValue(value)}</code>
                      </dd>
                    </div>
                  ))}
                </dl>
                {step.outcome === "FAILURE" && step.errorDescription && (
                  <p className="error">{step.errorDescription}</p>
                )}
                {step.explanation && (
                  <div className="explanation" data-testid="flow-explanation">
                    <p>
                      <strong>{step.explanation.title}.</strong> {step.explanation.cause}
                    </p>
                    {(step.explanation.registered ?? step.explanation.sent) !== undefined && (
                      <dl className="parameters">
                        <dt>sent</dt>
                        <dd>
                          <code>{step.explanation.sent ?? "(none)"}</code>
                        </dd>
                        <dt>registered</dt>
                        <dd>
                          {(step.explanation.registered ?? []).map((uri) => (
                            <code key={uri} style={{ display: "block" }}>
                              {uri}
                            </code>
                          ))}
                        </dd>
                      </dl>
                    )}
                    <p>
                      <strong>Fix:</strong> {step.explanation.fix}
                    </p>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      </AppShell>
    </>
  );
}
