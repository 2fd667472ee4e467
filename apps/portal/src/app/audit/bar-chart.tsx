/** A small server-rendered SVG bar chart: no chart library, no client JavaScript. */
export interface Bar {
  label: string;
  value: number;
  /** Tooltip, e.g. the exact hour. */
  title?: string;
}

export function BarChart({
  bars,
  label,
  height = 80,
}: {
  bars: Bar[];
  label: string;
  height?: number;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = 480;
  const slot = width / Math.max(1, bars.length);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height + 16}`}
      width="100%"
      className="chart"
    >
      {bars.map((bar, index) => {
        const barHeight = Math.round((bar.value / max) * height);
        return (
          <g key={`${bar.label}-${index}`}>
            <title>{`${bar.title ?? bar.label}: ${bar.value}`}</title>
            <rect
              x={index * slot + 1}
              y={height - barHeight}
              width={Math.max(1, slot - 2)}
              height={barHeight}
              className="chart-bar"
            />
            {index % 6 === 0 && (
              <text x={index * slot} y={height + 12} className="chart-label">
                {bar.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Success share per row as a horizontal bar, with the counts as text. */
export function RateBars({
  rows,
  testId,
}: {
  rows: { key: string; label: string; success: number; failure: number }[];
  testId: string;
}) {
  if (rows.length === 0) return <p className="hint">No upstream callbacks in this period.</p>;
  return (
    <table data-testid={testId}>
      <tbody>
        {rows.map((row) => {
          const total = row.success + row.failure;
          const share = total === 0 ? 0 : row.success / total;
          return (
            <tr key={row.key}>
              <td title={row.key}>{row.label}</td>
              <td style={{ width: "45%" }}>
                <svg viewBox="0 0 100 10" width="100%" height="12" aria-hidden="true">
                  <rect x="0" y="0" width="100" height="10" className="chart-track" />
                  <rect
                    x="0"
                    y="0"
                    width={Math.round(share * 100)}
                    height="10"
                    className="chart-bar"
                  />
                </svg>
              </td>
              <td>
                {Math.round(share * 100)}%{" "}
                <span className="hint">
                  ({row.success}/{total})
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
