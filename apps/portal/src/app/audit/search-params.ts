import { auditFilterInput, type AuditFilter } from "@lotse/api/schemas";

export type SearchParams = Record<string, string | string[] | undefined>;

/** The filter form's GET parameters, parsed by the API's own schema. */
export function parseFilter(params: SearchParams): { filter: AuditFilter; error: string | null } {
  const flat = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  // `datetime-local` has no zone; the form means UTC, as the list shows.
  for (const key of ["from", "to"]) {
    const value = flat[key];
    if (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) flat[key] = `${value}Z`;
  }
  const parsed = auditFilterInput.safeParse(flat);
  return parsed.success
    ? { filter: parsed.data, error: null }
    : { filter: {}, error: parsed.error.issues.map((issue) => issue.message).join(" ") };
}

/** The filter as query parameters, for "Load more", export links and the flow's way back. */
export function filterQuery(filter: AuditFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    query.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  return query;
}

/** A `datetime-local` input's value (UTC, as the list shows times in UTC). */
export const toDateTimeLocal = (date: Date | undefined) =>
  date ? date.toISOString().slice(0, 16) : "";
