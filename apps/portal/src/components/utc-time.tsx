/**
 * A point in time as the portal shows it in tables: in UTC, `2026-01-31 12:34`, the way the
 * audit log does. Formatting in the browser's zone would differ from the server's first render
 * (which runs in UTC), so one table could mix zones until every row re-rendered; a fixed zone
 * renders the same on both. The column header or the text around it says "UTC".
 */
/** `2026-01-31 12:34:56.789` in UTC; `digits` cuts it (16: minutes, 10: the date). */
export const utcTime = (date: Date, digits = 23) =>
  date.toISOString().replace("T", " ").slice(0, digits);

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
  return (
    <time dateTime={date.toISOString()} className={className}>
      {utcTime(date, dateOnly ? 10 : 16)}
    </time>
  );
}
