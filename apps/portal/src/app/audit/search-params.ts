import { auditFilterInput, type AuditFilter } from "@lotse/api/schemas";

export type SearchParams = Record<string, string | string[] | undefined>;

/** A message per filter field (by its parameter name) that could not be read. */
export type FilterErrors = Partial<Record<keyof AuditFilter, string>>;

/** What the filter form's fields show, by parameter name. */
export type FilterValues = Record<string, string>;

/**
 * The filter form's GET parameters, parsed by the API's own schema. On a bad value the list
 * is unfiltered, the form keeps what was typed and the message goes next to its field.
 */
export function parseFilter(params: SearchParams): {
  filter: AuditFilter;
  errors: FilterErrors;
  values: FilterValues;
} {
  const raw: FilterValues = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) raw[key] = first;
  }
  const flat: FilterValues = { ...raw };
  // `datetime-local` has no zone; the form means UTC, as the list shows.
  for (const key of ["from", "to"]) {
    const value = flat[key];
    if (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) flat[key] = `${value}Z`;
  }
  const parsed = auditFilterInput.safeParse(flat);
  if (parsed.success) return { filter: parsed.data, errors: {}, values: formValues(parsed.data) };
  const errors: FilterErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "from") as keyof AuditFilter;
    errors[field] ??= issue.message;
  }
  return { filter: {}, errors, values: raw };
}

function formValues(filter: AuditFilter): FilterValues {
  const values: FilterValues = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    values[key] = value instanceof Date ? toDateTimeLocal(value) : String(value);
  }
  return values;
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
