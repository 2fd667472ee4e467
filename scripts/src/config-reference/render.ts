/**
 * Renders docs/configuration.md from the env schemas (sources.ts): per process, each variable
 * with its default, whether it is required, what production mode demands and its description.
 * The text comes from the schemas' metadata (zod's `.describe()` / `.meta()`):
 * - `description`: what the variable is (required for every variable);
 * - `production`: what production mode demands of it, where the process checks;
 * - `computedDefault`: the default when the schema has none because the process computes it.
 * Tables are padded as prettier pads them, so `pnpm format:check` accepts the file as written.
 */
import { globalRegistry, type z } from "zod";
import type { ConfigSource, EnvShape } from "./sources.js";

export const CONFIG_REFERENCE_PATH = "docs/configuration.md";
export const REGENERATE_COMMAND = "pnpm docs:config";

interface VariableMeta {
  description?: string;
  production?: string;
  computedDefault?: string;
}

export interface VariableRow {
  name: string;
  default: string;
  required: boolean;
  production: string;
  description: string | undefined;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

/**
 * Metadata of a variable's schema and of the schemas it wraps (`.optional()` and `.default()`
 * wrap, a transform pipes): the outermost value of each key wins, so an app's `.describe()`
 * overrides the shared helper's (packages/server envVars).
 */
export function variableMeta(schema: z.ZodType): VariableMeta {
  const merged: Record<string, unknown> = {};
  let current: z.ZodType | undefined = schema;
  while (current) {
    const meta = globalRegistry.get(current) ?? {};
    for (const [key, value] of Object.entries(meta)) if (!(key in merged)) merged[key] = value;
    const def = current._zod.def as Def;
    current = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  }
  return merged as VariableMeta;
}

function code(value: string): string {
  return `\`${value}\``;
}

function formatDefault(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? "empty" : code(value.join(","));
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return code(String(value));
  return code(JSON.stringify(value));
}

export function variableRows(shape: EnvShape): VariableRow[] {
  return Object.entries(shape).map(([name, schema]) => {
    const meta = variableMeta(schema);
    // What the process does with the variable unset: its default, or nothing, or a refusal.
    const unset = schema.safeParse(undefined);
    return {
      name,
      default:
        meta.computedDefault ?? (unset.success ? formatDefault(unset.data) : undefined) ?? "–",
      required: !unset.success,
      production: meta.production ?? "",
      description: meta.description,
    };
  });
}

/** Variables without a description, as `<file>: <NAME>`. */
export function undescribed(sources: readonly ConfigSource[]): string[] {
  return sources.flatMap((source) =>
    variableRows(source.shape)
      .filter((row) => !row.description?.trim())
      .map((row) => `${source.file}: ${row.name}`),
  );
}

/**
 * Markdown cell text, as prettier writes it: a pipe is escaped, and so is `<` outside code
 * spans, where a renderer would take `<this>` for an HTML tag and drop it.
 */
function cell(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") ? part : part.replace(/</g, "\\<")))
    .join("")
    .replace(/\|/g, "\\|")
    .trim();
}

/** Display width as prettier counts it for the characters these tables use (no wide ones). */
function width(text: string): number {
  return [...text].length;
}

function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, column) =>
    Math.max(3, ...all.map((row) => width(row[column] ?? ""))),
  );
  const line = (row: string[]) =>
    `| ${row.map((text, column) => text + " ".repeat((widths[column] ?? 0) - width(text))).join(" | ")} |`;
  return [
    line(all[0] ?? []),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...all.slice(1).map(line),
  ];
}

function section(source: ConfigSource): string[] {
  const rows = variableRows(source.shape);
  const checksProduction = source.productionChecked !== undefined;
  const header = [
    "variable",
    "default",
    "required",
    ...(checksProduction ? ["production"] : []),
    "description",
  ];
  return [
    `## ${source.title}`,
    "",
    `Schema: \`${source.file}\`. ${source.about}`,
    "",
    ...table(
      header,
      rows.map((row) => [
        code(row.name),
        row.default,
        row.required ? "yes" : "no",
        ...(checksProduction ? [row.production || "–"] : []),
        row.description ?? "",
      ]),
    ),
    "",
  ];
}

export function renderConfigReference(sources: readonly ConfigSource[]): string {
  return [
    "# Configuration reference",
    "",
    `<!-- Generated from the env schemas by \`${REGENERATE_COMMAND}\` (scripts/src/config-reference); do not edit by hand. -->`,
    "",
    "Every Lotse process reads its configuration from environment variables and validates it",
    "once, with the zod schema named in its section; this page is rendered from those schemas.",
    "An empty value (`FOO=`) counts as unset, so the default applies. A wrong or missing value",
    "stops the process at start-up with one line that names the variable, e.g.",
    "`broker: invalid environment: BROKER_PORT must be a port number (1-65535)`.",
    "",
    "Columns: **default** is what applies when the variable is unset (– for none; a mode in",
    "front when the process decides by mode); **required** means the process refuses to start",
    "without it in every mode; **production** is what production mode demands on top, for the",
    "processes that check it. Secrets (`DATABASE_URL`, `LOTSE_KEK`, `AUTH_SECRET`, client",
    "secrets, `BROKER_METRICS_TOKEN`) belong in a secret store: [deployment.md](deployment.md)",
    "shows where they go in Docker Compose and Helm, [operations.md](operations.md) how the KEK",
    "is kept and rotated.",
    "",
    ...sources.flatMap(section),
  ].join("\n");
}
