/**
 * The value grammar of FHIR R4 search (https://hl7.org/fhir/R4/search.html §3.1.1.4):
 * comma-separated alternatives with `\` escapes, tokens `[system]|[code]`, dates with a
 * prefix and the range their precision implies, and accent-insensitive string matching.
 */
import { badRequest } from "./operation-outcome.js";

/** Splits at every unescaped `,` (§3.1.1.4.19) and removes the escapes. */
export function splitAlternatives(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index]!;
    if (char === "\\" && index + 1 < value.length) {
      current += value[index + 1];
      index += 1;
    } else if (char === ",") {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.filter((part) => part !== "");
}

/**
 * A token (§3.1.1.4.9): `code` (any system), `system|code`, `|code` (no system) or
 * `system|` (any code of the system). `system: null` means "explicitly no system".
 */
export interface Token {
  system?: string | null;
  code?: string;
}

export function parseToken(value: string): Token {
  const bar = value.indexOf("|");
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  return { system: system === "" ? null : system, ...(code === "" ? {} : { code }) };
}

export function tokenMatches(token: Token, system: string | undefined, code: string | undefined) {
  if (token.code !== undefined && token.code !== code) return false;
  if (token.system === null) return system === undefined;
  return token.system === undefined || token.system === system;
}

/** Whether two tokens can match the same coding (used to see a search contradict a scope). */
export function tokensOverlap(a: Token, b: Token): boolean {
  const codesAgree = a.code === undefined || b.code === undefined || a.code === b.code;
  const systemsAgree = a.system === undefined || b.system === undefined || a.system === b.system;
  return codesAgree && systemsAgree;
}

/** A half-open time range in epoch milliseconds: [low, high). */
export interface TimeRange {
  low: number;
  high: number;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The range a FHIR date, dateTime or instant covers at its precision (§3.1.1.4.7): `2025`
 * is the whole year, `2025-04-08` the whole day. Values without a time zone are read as
 * UTC (the sandbox's data is all in UTC). `undefined` when the text is no such value.
 */
export function dateRange(text: string): TimeRange | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offsetMs = zoneOffsetMs(zone);
  if (offsetMs === undefined) return undefined;
  const y = Number(year);
  const mo = month === undefined ? 0 : Number(month) - 1;
  const d = day === undefined ? 1 : Number(day);
  if (mo > 11 || d < 1 || d > 31) return undefined;
  if (hour === undefined) {
    const low = Date.UTC(y, mo, d);
    if (new Date(low).getUTCMonth() !== mo) return undefined; // e.g. 2025-02-30
    const high =
      month === undefined
        ? Date.UTC(y + 1, 0, 1)
        : day === undefined
          ? Date.UTC(y, mo + 1, 1)
          : Date.UTC(y, mo, d + 1);
    return { low, high };
  }
  const h = Number(hour);
  const mi = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const low = Date.UTC(y, mo, d, h, mi, s, ms) - offsetMs;
  if (new Date(low + offsetMs).getUTCDate() !== d) return undefined;
  const step = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { low, high: low + step };
}

function zoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

export const DATE_PREFIXES = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb"] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

export interface DateCriterion {
  prefix: DatePrefix;
  range: TimeRange;
}

/** `ge2025-04`, `2025-04-08`, `lt2025-07-15T10:00:00Z`; anything else is a 400. */
export function parseDateCriterion(name: string, value: string): DateCriterion {
  const prefixed = /^[a-z]{2}/.test(value) ? value.slice(0, 2) : undefined;
  if (prefixed !== undefined && !(DATE_PREFIXES as readonly string[]).includes(prefixed)) {
    throw badRequest(
      `The prefix of parameter ${name} is not supported (use ${DATE_PREFIXES.join(", ")}).`,
    );
  }
  const range = dateRange(prefixed === undefined ? value : value.slice(2));
  if (!range) throw badRequest(`Parameter ${name} is not a FHIR date or dateTime.`);
  return { prefix: (prefixed ?? "eq") as DatePrefix, range };
}

/**
 * Whether a resource's time range satisfies a date criterion, with the semantics of the
 * R4 prefix table: `eq` the parameter's range contains the target's; `ge`/`gt`/`le`/`lt`
 * some part of the target lies at or after / after / at or before / before it; `sa`/`eb`
 * the target starts after / ends before it.
 */
export function dateMatches(criterion: DateCriterion, target: TimeRange): boolean {
  const { low, high } = criterion.range;
  switch (criterion.prefix) {
    case "eq":
      return target.low >= low && target.high <= high;
    case "ne":
      return !(target.low >= low && target.high <= high);
    case "ge":
      return target.high > low;
    case "gt":
      return target.high > high;
    case "le":
      return target.low < high;
    case "lt":
      return target.low < low;
    case "sa":
      return target.low >= high;
    case "eb":
      return target.high <= low;
  }
}

/** Case- and accent-insensitive form for string search (§3.1.1.4.8): "Müller" ~ "muller". */
export function normalizeString(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export type StringModifier = "default" | "exact" | "contains";

export function stringMatches(search: string, value: string, modifier: StringModifier): boolean {
  if (modifier === "exact") return value === search;
  const haystack = normalizeString(value);
  const needle = normalizeString(search);
  return modifier === "contains" ? haystack.includes(needle) : haystack.startsWith(needle);
}
