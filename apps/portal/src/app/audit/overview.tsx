import type { inferRouterOutputs } from "@trpc/server";
import { ChartNoAxesColumn } from "lucide-react";
import type { ReactNode } from "react";
import type { AppRouter } from "@lotse/api";
import { Card, CardContent, CardDescription, CardHeader } from "@lotse/ui/card";
import { Code, EmptyState } from "@lotse/ui/layout";
import { BarChart, CountBars, RateBars } from "./bar-chart";

type Overview = inferRouterOutputs<AppRouter>["audit"]["overview"];

function ChartCard({
  title,
  description,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <div>
          <h3 className="m-0 text-sm font-semibold">{title}</h3>
          {description && <CardDescription>{description}</CardDescription>}
        </div>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** The last 24 hours at a glance: logins, upstream success rates and the top errors. */
export function AuditOverview({ overview }: { overview: Overview }) {
  const logins = overview.loginsPerHour.reduce((sum, hour) => sum + hour.count, 0);
  const peak = Math.max(0, ...overview.loginsPerHour.map((hour) => hour.count));
  const quiet =
    logins === 0 &&
    overview.byIdp.length === 0 &&
    overview.byApplication.length === 0 &&
    overview.topErrors.length === 0;

  return (
    <section
      className="grid grid-cols-1 gap-3"
      aria-labelledby="overview-title"
      data-testid="audit-overview"
    >
      <h2 id="overview-title" className="m-0 text-lg font-semibold">
        Last 24 hours
      </h2>
      {quiet ? (
        <EmptyState
          icon={<ChartNoAxesColumn />}
          title="No logins in the last 24 hours"
          description="Charts of logins, upstream success rates and errors appear here once your applications sign users in through the broker."
        />
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <ChartCard
            title={`Logins per hour (${logins})`}
            description={`Authorization codes issued, per UTC hour; peak ${peak}.`}
          >
            <BarChart
              label={`Logins per hour, UTC: ${logins} in total, at most ${peak} in one hour`}
              bars={overview.loginsPerHour.map((hour) => ({
                label: `${hour.hour.getUTCHours()}h`,
                title: hour.hour.toISOString().slice(0, 13) + ":00Z",
                value: hour.count,
              }))}
            />
          </ChartCard>
          <ChartCard title="Top errors" description="The most frequent error codes.">
            {overview.topErrors.length === 0 ? (
              <p className="m-0 text-sm text-muted-foreground">No errors.</p>
            ) : (
              <CountBars
                label="Top errors"
                rows={overview.topErrors.map((error) => ({
                  key: error.errorCode,
                  label: <Code>{error.errorCode}</Code>,
                  count: error.count,
                }))}
              />
            )}
          </ChartCard>
          <ChartCard
            title="Upstream success per IDP"
            description="Share of insurer callbacks that succeeded."
          >
            <RateBars
              rows={overview.byIdp}
              testId="success-per-idp"
              label="Upstream success per IDP"
            />
          </ChartCard>
          <ChartCard
            title="Upstream success per application"
            description="Share of insurer callbacks that succeeded."
          >
            <RateBars
              rows={overview.byApplication}
              testId="success-per-application"
              label="Upstream success per application"
            />
          </ChartCard>
        </div>
      )}
    </section>
  );
}
