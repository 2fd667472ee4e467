import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@lotse/api";
import { Alert } from "@lotse/ui/alert";
import { Badge } from "@lotse/ui/badge";
import { Card, CardContent, CardHeader } from "@lotse/ui/card";
import { cn } from "@lotse/ui/cn";
import { Code, DescriptionList, PageHeader } from "@lotse/ui/layout";
import { BackLink } from "~/components/back-link";
import { AppShell } from "~/components/app-shell";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { utcTime } from "~/components/utc-time";

type Step = inferRouterOutputs<AppRouter>["audit"]["flow"]["steps"][number];

/**
 * Keys never shown even if a detail carried one: the broker already drops them before
 * writing (sanitize-details), this is the second line.
 */
const HIDDEN_KEY = /(secret|password|token|assertion|verifier|^code$|authorization|cookie)/i;

function parameterValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parametersOf(step: Step) {
  const items = [
    ...(step.upstreamIdp ? [{ term: "IDP", value: <Code>{step.upstreamIdp}</Code> }] : []),
    ...(step.subject ? [{ term: "subject", value: <Code>{step.subject}</Code> }] : []),
    ...(step.grantId ? [{ term: "grant", value: <Code>{step.grantId}</Code> }] : []),
    // The broker request of this step: its log lines carry the same requestId.
    ...(step.requestId
      ? [
          {
            term: "request id",
            value: <Code data-testid="flow-step-request-id">{step.requestId}</Code>,
          },
        ]
      : []),
  ];
  for (const [key, value] of Object.entries(step.details))
    if (!HIDDEN_KEY.test(key) && key !== "requestId")
      items.push({ term: key, value: <Code>{parameterValue(value)}</Code> });
  return items;
}

/** Why a failed step failed, in plain language, and what to change. */
function FailureExplanation({ step }: { step: Step }) {
  const { explanation } = step;
  if (!explanation)
    return (
      <Alert tone="danger" title={step.errorCode ?? "This step failed"}>
        {step.errorDescription && <p>{step.errorDescription}</p>}
      </Alert>
    );
  const comparesUris = (explanation.registered ?? explanation.sent) !== undefined;
  return (
    <Alert tone="danger" title={explanation.title} data-testid="flow-explanation">
      <div className="grid gap-2">
        <p>{explanation.cause}</p>
        {step.errorDescription && (
          <p className="text-muted-foreground">
            The broker said: <q>{step.errorDescription}</q>
          </p>
        )}
        {comparesUris && (
          <DescriptionList
            items={[
              { term: "sent", value: <Code>{explanation.sent ?? "(none)"}</Code> },
              {
                term: "registered",
                value: (
                  <ul className="m-0 grid list-none gap-1 p-0">
                    {(explanation.registered ?? []).map((uri) => (
                      <li key={uri}>
                        <Code>{uri}</Code>
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        )}
        <p>
          <strong>Fix:</strong> {explanation.fix}
        </p>
      </div>
    </Alert>
  );
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
    <AppShell session={session}>
      <BackLink href="/audit" className="mb-4">
        Audit log
      </BackLink>
      <PageHeader
        eyebrow="Flow inspector"
        title={
          <>
            Flow{" "}
            <span className="font-mono text-lg font-medium [overflow-wrap:anywhere] sm:text-xl">
              {flowId}
            </span>
          </>
        }
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            {first?.clientId && (
              <span>
                Client <Code>{first.clientId}</Code>
              </span>
            )}
            <span>{flow.steps.length === 1 ? "1 step" : `${flow.steps.length} steps`}</span>
            {failed ? (
              <Badge tone="danger">failed at {failed.type}</Badge>
            ) : (
              <Badge tone="success">no failed step</Badge>
            )}
          </span>
        }
      />
      <ol className="m-0 grid list-none grid-cols-1 gap-4 p-0" data-testid="flow-timeline">
        {flow.steps.map((step, index) => {
          const failure = step.outcome === "FAILURE";
          const parameters = parametersOf(step);
          return (
            <li
              key={step.id}
              data-testid="flow-step"
              data-type={step.type}
              className="relative grid grid-cols-[1.5rem_minmax(0,1fr)] gap-3"
            >
              {/* The timeline's rail and this step's marker. */}
              <div className="relative flex justify-center" aria-hidden>
                {index < flow.steps.length - 1 && (
                  <span className="absolute top-6 -bottom-4 w-px bg-border" />
                )}
                <span
                  className={cn(
                    "mt-4 size-3 rounded-full ring-4 ring-background",
                    failure ? "bg-destructive" : "bg-success",
                  )}
                />
              </div>
              <Card className={cn("min-w-0", failure && "border-destructive")}>
                <CardHeader className="items-center pb-2">
                  <h2 className="m-0 flex flex-wrap items-center gap-2 text-sm font-semibold">
                    <Code>{step.type}</Code>
                    {failure ? (
                      <Badge tone="danger">{step.errorCode ?? "failure"}</Badge>
                    ) : (
                      <Badge tone="success">success</Badge>
                    )}
                  </h2>
                  <time
                    className="text-xs text-muted-foreground tabular-nums"
                    dateTime={step.time.toISOString()}
                  >
                    {utcTime(step.time)} UTC
                  </time>
                </CardHeader>
                <CardContent className="grid gap-3">
                  {step.summary && (
                    <p className="m-0 text-sm" data-testid="flow-step-summary">
                      {step.summary}
                    </p>
                  )}
                  {parameters.length > 0 ? (
                    <DescriptionList items={parameters} />
                  ) : (
                    <p className="m-0 text-sm text-muted-foreground">No parameters recorded.</p>
                  )}
                  {failure && <FailureExplanation step={step} />}
                </CardContent>
              </Card>
            </li>
          );
        })}
      </ol>
    </AppShell>
  );
}
