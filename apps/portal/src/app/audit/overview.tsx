import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@lotse/api";
import { BarChart, RateBars } from "./bar-chart";

type Overview = inferRouterOutputs<AppRouter>["audit"]["overview"];

export function AuditOverview({ overview }: { overview: Overview }) {
  const logins = overview.loginsPerHour.reduce((sum, hour) => sum + hour.count, 0);
  return (
    <section className="card" data-testid="audit-overview">
      <h2>Last 24 hours</h2>
      <div className="overview-grid">
        <div>
          <h3>Logins per hour ({logins})</h3>
          <BarChart
            label="Logins per hour, UTC"
            bars={overview.loginsPerHour.map((hour) => ({
              label: `${hour.hour.getUTCHours()}h`,
              title: hour.hour.toISOString().slice(0, 13) + ":00Z",
              value: hour.count,
            }))}
          />
        </div>
        <div>
          <h3>Top errors</h3>
          {overview.topErrors.length === 0 ? (
            <p className="hint">No errors.</p>
          ) : (
            <table>
              <tbody>
                {overview.topErrors.map((error) => (
                  <tr key={error.errorCode}>
                    <td>
                      <code>{error.errorCode}</code>
                    </td>
                    <td>{error.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>Upstream success per IDP</h3>
          <RateBars rows={overview.byIdp} testId="success-per-idp" />
        </div>
        <div>
          <h3>Upstream success per application</h3>
          <RateBars rows={overview.byApplication} testId="success-per-application" />
        </div>
      </div>
    </section>
  );
}
