/**
 * FHIR R4 search over the in-memory record (https://hl7.org/fhir/R4/search.html): parses
 * the query into criteria (AND across parameters, OR across comma-separated values),
 * matches, sorts and pages.
 *
 * Unknown parameters and unsupported modifiers are ignored, FHIR's default "lenient"
 * handling (§3.1.1.0); with `Prefer: handling=strict` they are a 400. The searchset's
 * self link lists only the parameters that were applied, and an `outcome` entry names the
 * ignored ones. Malformed values of supported parameters are always a 400.
 */
import { type ResourceType, type SandboxResource } from "./data/store.js";
import { badRequest } from "./operation-outcome.js";
import { SEARCH_PARAMETERS, type SearchParameter } from "./search-parameters.js";
import {
  dateMatches,
  parseDateCriterion,
  parseToken,
  splitAlternatives,
  stringMatches,
  tokenMatches,
  type DateCriterion,
  type StringModifier,
  type Token,
} from "./search-values.js";

export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const RESOURCE_REFERENCE = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})$/;
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}(:[A-Za-z-]{1,64})?$/;

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
const MAX_OFFSET = 100_000;
/** Limits that keep a request cheap; beyond them it is a 400, never a slow answer. */
export const SEARCH_LIMITS = { parameters: 40, valueLength: 512, alternatives: 20 };

export type Criterion =
  | { kind: "id"; name: "_id"; ids: string[] }
  | { kind: "token"; name: string; parameter: SearchParameter; tokens: Token[] }
  | { kind: "reference"; name: string; parameter: SearchParameter; references: string[] }
  | { kind: "date"; name: string; parameter: SearchParameter; date: DateCriterion }
  | {
      kind: "string";
      name: string;
      parameter: SearchParameter;
      modifier: StringModifier;
      strings: string[];
    };

export interface SortKey {
  name: string;
  descending: boolean;
}

export interface SearchQuery {
  type: ResourceType;
  criteria: Criterion[];
  count: number;
  offset: number;
  sort: SortKey[];
  /** The parameters as applied, in request order: the searchset's self link. */
  applied: [string, string][];
  /** Names of ignored parameters (lenient handling). */
  ignored: string[];
}

export interface SearchOptions {
  /** `Prefer: handling=strict`: unknown parameters are an error. */
  strict?: boolean;
  /** The server's base URL, so absolute references to it are understood. */
  baseUrl?: string;
}

/** Result parameters accepted without effect: the answer is always JSON. */
const ACCEPTED_WITHOUT_EFFECT = new Set(["_format", "_pretty"]);

/** Control characters (NUL included) have no place in a search parameter. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function checkSafe(name: string, value: string): void {
  if (hasControlCharacter(name) || hasControlCharacter(value)) {
    throw badRequest("Search parameters must not contain control characters.");
  }
  if (!PARAMETER_NAME.test(name)) throw badRequest("A search parameter name is malformed.");
  if (value.length > SEARCH_LIMITS.valueLength) {
    throw badRequest(`Parameter ${name} is longer than ${SEARCH_LIMITS.valueLength} characters.`);
  }
}

function alternatives(name: string, value: string): string[] {
  const parts = splitAlternatives(value);
  if (parts.length > SEARCH_LIMITS.alternatives) {
    throw badRequest(`Parameter ${name} has more than ${SEARCH_LIMITS.alternatives} values.`);
  }
  return parts;
}

function integer(name: string, value: string, max: number): number {
  if (!/^\d{1,9}$/.test(value))
    throw badRequest(`Parameter ${name} must be a non-negative integer.`);
  return Math.min(Number(value), max);
}

/** `Patient/pat-anna`, `pat-anna` or `<base>/Patient/pat-anna` → `Patient/pat-anna`. */
function normalizeReference(name: string, value: string, target: string, baseUrl?: string): string {
  let reference = value;
  if (baseUrl && reference.startsWith(`${baseUrl}/`))
    reference = reference.slice(baseUrl.length + 1);
  if (RESOURCE_REFERENCE.test(reference)) return reference;
  if (FHIR_ID.test(reference)) return `${target}/${reference}`;
  throw badRequest(`Parameter ${name} must be a reference (Type/id) or an id.`);
}

function sortKeys(type: ResourceType, value: string, strict: boolean): SortKey[] | undefined {
  const keys: SortKey[] = [];
  for (const part of alternatives("_sort", value)) {
    const descending = part.startsWith("-");
    const name = descending ? part.slice(1) : part;
    const parameter = SEARCH_PARAMETERS[type][name];
    if (name !== "_id" && parameter?.type !== "date") {
      if (strict) throw badRequest(`This server cannot sort ${type} by ${name}.`);
      return undefined;
    }
    keys.push({ name, descending });
  }
  return keys;
}

function criterionFor(
  type: ResourceType,
  name: string,
  modifier: string | undefined,
  value: string,
  options: SearchOptions,
): Criterion | undefined {
  if (name === "_id") {
    if (modifier !== undefined) return undefined;
    const ids = alternatives(name, value);
    if (!ids.every((id) => FHIR_ID.test(id))) throw badRequest("Parameter _id must hold FHIR ids.");
    return { kind: "id", name, ids };
  }
  const parameter = SEARCH_PARAMETERS[type][name];
  if (!parameter) return undefined;
  switch (parameter.type) {
    case "token":
      if (modifier !== undefined) return undefined;
      return { kind: "token", name, parameter, tokens: alternatives(name, value).map(parseToken) };
    case "reference": {
      // A type modifier (`subject:Patient=pat-anna`) names the type of a bare id.
      if (modifier !== undefined && !/^[A-Z][A-Za-z]{1,63}$/.test(modifier)) return undefined;
      const target = modifier ?? parameter.target;
      const references = alternatives(name, value).map((part) =>
        normalizeReference(name, part, target, options.baseUrl),
      );
      return { kind: "reference", name, parameter, references };
    }
    case "date":
      if (modifier !== undefined || value.includes(",")) {
        if (modifier !== undefined) return undefined;
        throw badRequest(`Parameter ${name} takes one date; repeat the parameter for a range.`);
      }
      return { kind: "date", name, parameter, date: parseDateCriterion(name, value) };
    case "string":
      if (modifier !== undefined && modifier !== "exact" && modifier !== "contains")
        return undefined;
      return {
        kind: "string",
        name,
        parameter,
        modifier: (modifier ?? "default") as StringModifier,
        strings: alternatives(name, value),
      };
  }
}

/** Parses a type-level search; throws a 400 FhirError for malformed values. */
export function parseSearch(
  type: ResourceType,
  pairs: readonly [string, string][],
  options: SearchOptions = {},
): SearchQuery {
  if (pairs.length > SEARCH_LIMITS.parameters) {
    throw badRequest(`At most ${SEARCH_LIMITS.parameters} search parameters are allowed.`);
  }
  const query: SearchQuery = {
    type,
    criteria: [],
    count: DEFAULT_COUNT,
    offset: 0,
    sort: [],
    applied: [],
    ignored: [],
  };
  for (const [rawName, value] of pairs) {
    checkSafe(rawName, value);
    // R4 §3.1.1.0: a parameter without a value is ignored.
    if (value === "") continue;
    const [name, modifier] = rawName.split(":") as [string, string | undefined];
    let understood = true;
    if (name === "_count") query.count = integer(name, value, MAX_COUNT);
    else if (name === "_offset") query.offset = integer(name, value, MAX_OFFSET);
    else if (name === "_sort" && modifier === undefined) {
      const keys = sortKeys(type, value, options.strict ?? false);
      if (keys) query.sort = keys;
      else understood = false;
    } else if (ACCEPTED_WITHOUT_EFFECT.has(name)) continue;
    else {
      const criterion = criterionFor(type, name, modifier, value, options);
      if (criterion) query.criteria.push(criterion);
      else understood = false;
    }
    if (understood) {
      if (name !== "_offset") query.applied.push([rawName, value]);
    } else if (options.strict) {
      throw badRequest(`Search parameter ${rawName} is not supported for ${type}.`);
    } else {
      query.ignored.push(rawName);
    }
  }
  return query;
}

function criterionMatches(resource: SandboxResource, criterion: Criterion): boolean {
  switch (criterion.kind) {
    case "id":
      return criterion.ids.includes(resource.id!);
    case "token": {
      if (criterion.parameter.type !== "token") return false;
      const values = criterion.parameter.values(resource);
      return criterion.tokens.some((token) =>
        values.some((value) => tokenMatches(token, value.system, value.code)),
      );
    }
    case "reference": {
      if (criterion.parameter.type !== "reference") return false;
      const values = criterion.parameter.values(resource);
      return criterion.references.some((reference) => values.includes(reference));
    }
    case "date": {
      if (criterion.parameter.type !== "date") return false;
      const range = criterion.parameter.range(resource);
      return range !== undefined && dateMatches(criterion.date, range);
    }
    case "string": {
      if (criterion.parameter.type !== "string") return false;
      const values = criterion.parameter.values(resource);
      return criterion.strings.some((search) =>
        values.some((value) => stringMatches(search, value, criterion.modifier)),
      );
    }
  }
}

export function matchesAll(resource: SandboxResource, criteria: readonly Criterion[]): boolean {
  return criteria.every((criterion) => criterionMatches(resource, criterion));
}

function sortValue(type: ResourceType, resource: SandboxResource, key: SortKey): number | string {
  if (key.name === "_id") return resource.id!;
  const parameter = SEARCH_PARAMETERS[type][key.name];
  const range = parameter?.type === "date" ? parameter.range(resource) : undefined;
  // Resources without the value sort last in either direction.
  return range?.low ?? (key.descending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
}

function compare(a: number | string, b: number | string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export interface SearchResult {
  total: number;
  resources: SandboxResource[];
}

/**
 * Runs a parsed search over `candidates`, keeping only those `allowed` (the caller's
 * authorization), so `total` never counts what the caller may not see.
 */
export function executeSearch(
  query: SearchQuery,
  candidates: readonly SandboxResource[],
  allowed: (resource: SandboxResource) => boolean = () => true,
): SearchResult {
  const matches = candidates.filter(
    (resource) => matchesAll(resource, query.criteria) && allowed(resource),
  );
  if (query.sort.length > 0) {
    const keyed = matches.map((resource, index) => ({
      resource,
      index,
      keys: query.sort.map((key) => sortValue(query.type, resource, key)),
    }));
    keyed.sort((a, b) => {
      for (const [position, key] of query.sort.entries()) {
        const order = compare(a.keys[position]!, b.keys[position]!);
        if (order !== 0) return key.descending ? -order : order;
      }
      return a.index - b.index;
    });
    matches.splice(0, matches.length, ...keyed.map((entry) => entry.resource));
  }
  return {
    total: matches.length,
    resources: matches.slice(query.offset, query.offset + query.count),
  };
}
