/**
 * A point in time as the portal shows it in tables: in UTC, `2026-01-31 12:34`, the way the
 * audit log does. Formatting in the browser's zone would differ from the server's first render
 * (which runs in UTC), so one table could mix zones until every row re-rendered; a fixed zone
 * renders the same on both. The column header or the text around it says "UTC".
 */
export function UtcTime({
  date,
  dateOnly = false,
  className,
}: {
  date: Date;
  /** `2026-01-31` instead of `2026-01-31 12:34`. */
  dateOnly?: boolean;
  className?: string;
}) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} className={className}>
      {iso.replace("T", " ").slice(0, dateOnly ? 10 : 16)}
    </time>
  );
}
