import type { ObservationRow } from "../../lib/smart/observation-series";

/** Every Observation of the patient with its value, oldest first. */
export function ObservationsTable({ rows }: { rows: readonly ObservationRow[] }) {
  return (
    <table className="claims" data-testid="smart-observations-table">
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Observation</th>
          <th scope="col">Value</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={row.id ?? index} data-testid="smart-observation-row" data-code={row.code}>
            <td>{row.date ?? "—"}</td>
            <td>
              {row.label}
              {row.code && <code className="claim-name">{row.code}</code>}
            </td>
            <td>{row.value}</td>
            <td>{row.status ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
