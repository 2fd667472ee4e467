"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ObservationSeries } from "../../lib/smart/observation-series";

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * One small line chart per code: body weight, heart rate and HbA1c have units and
 * ranges too different to share an axis.
 */
export function ObservationsChart({ series }: { series: readonly ObservationSeries[] }) {
  return (
    <div className="smart-charts" data-testid="smart-observations-chart">
      {series.map((entry) => (
        <figure key={entry.key} className="smart-chart" data-code={entry.key}>
          <figcaption>
            {entry.label}
            {entry.unit && <span className="hint"> ({entry.unit})</span>}{" "}
            <code className="claim-name">{entry.key}</code>
          </figcaption>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={entry.points} margin={{ top: 8, right: 24, bottom: 0, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={["dataMin", "dataMax"]}
                tickFormatter={day}
                stroke="var(--muted)"
              />
              <YAxis domain={["auto", "auto"]} width={60} stroke="var(--muted)" />
              <Tooltip
                labelFormatter={(time) => (typeof time === "number" ? day(time) : String(time))}
                formatter={(value) => [
                  entry.unit ? `${String(value)} ${entry.unit}` : String(value),
                  entry.label,
                ]}
              />
              <Line
                type="monotone"
                dataKey="value"
                name={entry.label}
                stroke="var(--accent)"
                strokeWidth={2}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
}
