import type { ReactNode } from "react";

/**
 * Small server-rendered SVG charts: no chart library, no client JavaScript. Colours come from
 * the theme (fill-* utilities), so they follow light and dark mode.
 */
export interface Bar {
  label: string;
  value: number;
  /** Tooltip, e.g. the exact hour. */
  title?: string;
}

/**
 * Vertical bars. The axis labels (every `tickEvery`th bar's, which should divide the number of
 * bars) are HTML in equal columns under the SVG, so they stay legible when the chart scales.
 */
export function BarChart({
  bars,
  label,
  height = 80,
  tickEvery = 6,
}: {
  bars: Bar[];
  label: string;
  height?: number;
  tickEvery?: number;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = 480;
  const slot = width / Math.max(1, bars.length);
  return (
    <figure className="m-0 grid gap-1">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="h-24 w-full"
      >
        {bars.map((bar, index) => {
          const barHeight =
            bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * height));
          return (
            <g key={`${bar.label}-${index}`}>
              <title>{`${bar.title ?? bar.label}: ${bar.value}`}</title>
              {/* The slot's full height, so the tooltip works on empty hours too. */}
              <rect
                x={index * slot}
                y={0}
                width={slot}
                height={height}
                className="fill-transparent"
              />
              <rect
                x={index * slot + 1}
                y={height - 1}
                width={Math.max(1, slot - 2)}
                height={1}
                className="fill-border"
              />
              <rect
                x={index * slot + 1}
                y={height - barHeight}
                width={Math.max(1, slot - 2)}
                height={barHeight}
                rx={1.5}
                className="fill-primary"
              />
            </g>
          );
        })}
      </svg>
      <div
        className="grid auto-cols-fr grid-flow-col text-xs text-muted-foreground tabular-nums"
        aria-hidden
      >
        {bars
          .filter((_, index) => index % tickEvery === 0)
          .map((bar, index) => (
            <span key={`${bar.label}-${index}`}>{bar.label}</span>
          ))}
      </div>
    </figure>
  );
}

/** Success share per row as a horizontal bar (success, then failure), with the counts as text. */
export function RateBars({
  rows,
  testId,
  label,
}: {
  rows: { key: string; label: string; success: number; failure: number }[];
  testId: string;
  label: string;
}) {
  if (rows.length === 0)
    return (
      <p className="m-0 text-sm text-muted-foreground">No upstream callbacks in this period.</p>
    );
  return (
    <ul className="m-0 grid list-none gap-3 p-0" data-testid={testId} aria-label={label}>
      {rows.map((row) => {
        const total = row.success + row.failure;
        const percent = total === 0 ? 0 : Math.round((row.success / total) * 100);
        return (
          <li key={row.key} className="grid gap-1">
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span className="truncate" title={row.key}>
                {row.label}
              </span>
              <span className="shrink-0 tabular-nums">
                <span className="font-medium">{percent}%</span>{" "}
                <span className="text-muted-foreground">
                  ({row.success}/{total})
                </span>
              </span>
            </div>
            <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="h-2 w-full" aria-hidden>
              <rect x="0" y="0" width="100" height="6" rx="3" className="fill-destructive/60" />
              <rect x="0" y="0" width={percent} height="6" rx="3" className="fill-success" />
            </svg>
          </li>
        );
      })}
    </ul>
  );
}

/** Counts as horizontal bars relative to the largest, e.g. the top error codes. */
export function CountBars({
  rows,
  label,
}: {
  rows: { key: string; label: ReactNode; count: number }[];
  label: string;
}) {
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <ul className="m-0 grid list-none gap-3 p-0" aria-label={label}>
      {rows.map((row) => (
        <li key={row.key} className="grid gap-1">
          <div className="flex items-baseline justify-between gap-2 text-sm">
            <span className="min-w-0 truncate">{row.label}</span>
            <span className="shrink-0 font-medium tabular-nums">{row.count}</span>
          </div>
          <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="h-2 w-full" aria-hidden>
            <rect x="0" y="0" width="100" height="6" rx="3" className="fill-muted" />
            <rect
              x="0"
              y="0"
              width={Math.max(2, Math.round((row.count / max) * 100))}
              height="6"
              rx="3"
              className="fill-destructive"
            />
          </svg>
        </li>
      ))}
    </ul>
  );
}
