/**
 * The subset of Go's text/template and Helm's functions that deploy/helm/lotse uses, enough
 * to render the chart without helm (not installed here, docs/deployment.md). Anything outside
 * the subset throws, so a template that starts using more fails the test instead of rendering
 * wrongly. Supported: {{- -}} trimming, comments, define/include, if/else if/else, with,
 * variables ($name := …, $), field chains, pipelines, parentheses, and the functions in FUNCS.
 * Two of Helm's functions cannot be what they are here: `lookup` answers from the renderer's
 * `objects` (none by default, as in `helm template`), and `genSelfSignedCert` returns a stand-in
 * whose PEM bodies are its arguments as JSON, so a test can read which names and validity the
 * chart asked for (`selfSignedCertArguments`). The shape of Helm's real certificate (RSA, not a
 * CA) is tested where it is used, in apps/sandbox/src/tls/server-certificate.test.ts.
 */
import { createHash } from "node:crypto";
import { stringify } from "yaml";

type Value = unknown;
type Scope = { dot: Value; vars: Map<string, Value> };

type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; expr: string }
  | { kind: "if" | "with"; branches: { expr: string | null; body: Node[] }[] };

export class TemplateError extends Error {}

/** Splits a template into text and actions, applying {{- and -}} trimming. */
function tokenize(source: string): ({ text: string } | { action: string })[] {
  const tokens: ({ text: string } | { action: string })[] = [];
  const pattern = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    let text = source.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (match[1]) text = text.replace(/\s+$/, "");
    tokens.push({ text });
    tokens.push({ action: match[2]!.trim() });
    trimNext = Boolean(match[3]);
    last = pattern.lastIndex;
  }
  let rest = source.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, "");
  tokens.push({ text: rest });
  return tokens;
}

/** Parses tokens into nodes; `define` blocks go into `defines`. */
function parse(source: string, defines: Map<string, Node[]>): Node[] {
  const tokens = tokenize(source);
  let index = 0;
  const block = (stopAt: string[]): { nodes: Node[]; stop: string } => {
    const nodes: Node[] = [];
    while (index < tokens.length) {
      const token = tokens[index++]!;
      if ("text" in token) {
        if (token.text) nodes.push({ kind: "text", text: token.text });
        continue;
      }
      const action = token.action;
      if (action.startsWith("/*")) continue;
      const keyword = /^(if|with|else|end|define|range|block|template)\b/.exec(action)?.[1];
      if (keyword === "end" || keyword === "else") {
        if (!stopAt.includes(keyword)) throw new TemplateError(`unexpected {{${action}}}`);
        return { nodes, stop: action };
      }
      if (keyword === "define") {
        const name = /^define\s+"([^"]+)"$/.exec(action)?.[1];
        if (!name) throw new TemplateError(`bad define: ${action}`);
        defines.set(name, block(["end"]).nodes);
      } else if (keyword === "if" || keyword === "with") {
        const branches: { expr: string | null; body: Node[] }[] = [];
        let expr: string | null = action.slice(keyword.length).trim();
        for (;;) {
          const { nodes: body, stop } = block(["end", "else"]);
          branches.push({ expr, body });
          if (stop === "end") break;
          const elseIf = /^else\s+if\s+(.+)$/.exec(stop);
          if (elseIf && keyword === "if") expr = elseIf[1]!;
          else if (stop === "else") expr = null;
          else throw new TemplateError(`unsupported: {{${stop}}}`);
        }
        nodes.push({ kind: keyword, branches });
      } else if (keyword) {
        throw new TemplateError(`unsupported action: {{${action}}}`);
      } else {
        nodes.push({ kind: "action", expr: action });
      }
    }
    if (stopAt.length > 0) throw new TemplateError(`missing {{end}} (wanted ${stopAt.join("/")})`);
    return { nodes, stop: "" };
  };
  return block([]).nodes;
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
function truthy(value: Value): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "")
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function toText(value: Value): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") throw new TemplateError("cannot print a map or list; use toYaml");
  return String(value);
}

const indent = (spaces: number, text: string) =>
  text
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");

function sprintf(format: string, ...args: Value[]): string {
  let i = 0;
  return format.replace(/%[svd%]/g, (verb) => (verb === "%%" ? "%" : toText(args[i++])));
}

/** Helm's functions used by the chart; pipelines pass the previous value as the last argument. */
const FUNCS: Record<string, (...args: Value[]) => Value> = {
  quote: (value) => JSON.stringify(toText(value)),
  default: (fallback, value) => (truthy(value) ? value : fallback),
  required: (message, value) => {
    if (!truthy(value)) throw new TemplateError(String(message));
    return value;
  },
  toYaml: (value) =>
    truthy(value) ? stringify(value, { lineWidth: 0 }).replace(/\n$/, "") : value === 0 ? "0" : "",
  nindent: (spaces, text) => `\n${indent(Number(spaces), toText(text))}`,
  indent: (spaces, text) => indent(Number(spaces), toText(text)),
  printf: (format, ...args) => sprintf(String(format), ...args),
  trunc: (length, text) => toText(text).slice(0, Number(length)),
  trimSuffix: (suffix, text) =>
    toText(text).endsWith(String(suffix))
      ? toText(text).slice(0, -String(suffix).length)
      : toText(text),
  contains: (needle, haystack) => toText(haystack).includes(toText(needle)),
  sha256sum: (text) => createHash("sha256").update(toText(text)).digest("hex"),
  dict: (...pairs) => {
    const result: Record<string, Value> = {};
    for (let i = 0; i < pairs.length; i += 2) result[String(pairs[i])] = pairs[i + 1];
    return result;
  },
  not: (value) => !truthy(value),
  and: (...values) => values.find((value) => !truthy(value)) ?? values.at(-1),
  or: (...values) => values.find((value) => truthy(value)) ?? values.at(-1),
  eq: (a, b) => a === b,
  gt: (a, b) => Number(a) > Number(b),
  int: (value) => Math.trunc(Number(value)),
  max: (...values) => Math.max(...values.map(Number)),
  list: (...values) => values,
  index: (collection, ...keys) =>
    keys.reduce<Value>(
      (value, key) =>
        value !== null && typeof value === "object"
          ? (value as Record<string, Value>)[String(key)]
          : undefined,
      collection,
    ),
  b64enc: (text) => Buffer.from(toText(text)).toString("base64"),
  genSelfSignedCert: (cn, ips, alternateNames, days) => {
    const body = Buffer.from(JSON.stringify({ cn, ips, alternateNames, days })).toString("base64");
    return {
      Cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
      Key: `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`,
    };
  },
};

/** What the stand-in genSelfSignedCert was called with, read back from its PEM. */
export function selfSignedCertArguments(pem: string): {
  cn: string;
  ips: string[] | null;
  alternateNames: string[];
  days: number;
} {
  const body = /-----BEGIN [A-Z ]+-----\n(.+)\n-----END/.exec(pem)?.[1];
  if (!body) throw new Error("not a stand-in certificate");
  return JSON.parse(Buffer.from(body, "base64").toString()) as ReturnType<
    typeof selfSignedCertArguments
  >;
}

/** An object `lookup` finds: apiVersion, kind, namespace and name, and its content. */
export type ClusterObject = {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  object: Record<string, Value>;
};

/** Splits on a separator outside quotes and parentheses. */
function splitTop(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' && text[i - 1] !== "\\") quote = !quote;
    if (!quote && char === "(") depth++;
    if (!quote && char === ")") depth--;
    if (!quote && depth === 0 && separator.test(char)) {
      if (current) parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (current) parts.push(current);
  return parts;
}

export class Renderer {
  private readonly defines = new Map<string, Node[]>();

  /** `objects`: what exists in the cluster for `lookup` (nothing, as for `helm template`). */
  constructor(private readonly objects: ClusterObject[] = []) {}

  /** Adds the `define`s of a helper file (_helpers.tpl); its text output is ignored. */
  addHelpers(source: string): void {
    parse(source, this.defines);
  }

  render(source: string, root: Value): string {
    const nodes = parse(source, this.defines);
    return this.run(nodes, { dot: root, vars: new Map([["$", root]]) });
  }

  private run(nodes: Node[], scope: Scope): string {
    let out = "";
    for (const node of nodes) {
      if (node.kind === "text") out += node.text;
      else if (node.kind === "action") {
        const assign = /^(\$\w+)\s*:=\s*(.+)$/s.exec(node.expr);
        if (assign) scope.vars.set(assign[1]!, this.pipeline(assign[2]!, scope));
        else out += toText(this.pipeline(node.expr, scope));
      } else {
        for (const branch of node.branches) {
          const value = branch.expr === null ? true : this.pipeline(branch.expr, scope);
          if (!truthy(value)) continue;
          const inner =
            node.kind === "with" && branch.expr !== null
              ? { dot: value, vars: new Map(scope.vars) }
              : { dot: scope.dot, vars: new Map(scope.vars) };
          out += this.run(branch.body, inner);
          break;
        }
      }
    }
    return out;
  }

  private pipeline(expr: string, scope: Scope): Value {
    let value: Value = undefined;
    splitTop(expr, /\|/).forEach((command, index) => {
      const words = splitTop(command.trim(), /\s/);
      const piped = index > 0 ? [value] : [];
      value = this.command(words, piped, scope);
    });
    return value;
  }

  private command(words: string[], piped: Value[], scope: Scope): Value {
    const [head, ...rest] = words;
    if (head === undefined) throw new TemplateError("empty command");
    if (head === "include") {
      const [name, context] = rest.map((word) => this.operand(word, scope));
      const body = this.defines.get(String(name));
      if (!body) throw new TemplateError(`no template named ${String(name)}`);
      const dot = piped.length ? piped[0] : context;
      return this.run(body, { dot, vars: new Map([["$", scope.vars.get("$")]]) });
    }
    if (head === "lookup") {
      const [apiVersion, kind, namespace, name] = rest.map((word) => this.operand(word, scope));
      const found = this.objects.find(
        (o) =>
          o.apiVersion === apiVersion &&
          o.kind === kind &&
          o.namespace === namespace &&
          o.name === name,
      );
      // Helm answers an empty map for an object that does not exist.
      return found?.object ?? {};
    }
    const fn = FUNCS[head];
    if (fn) return fn(...rest.map((word) => this.operand(word, scope)), ...piped);
    if (rest.length || piped.length) throw new TemplateError(`unknown function: ${head}`);
    return this.operand(head, scope);
  }

  private operand(word: string, scope: Scope): Value {
    if (word.startsWith("(") && word.endsWith(")")) return this.pipeline(word.slice(1, -1), scope);
    if (word.startsWith('"')) return JSON.parse(word) as string;
    if (/^-?\d+$/.test(word)) return Number(word);
    if (word === "true" || word === "false") return word === "true";
    if (word === "nil") return null;
    const chain = /^(\$\w*|)((?:\.\w+)*|\.)$/.exec(word);
    if (!chain) throw new TemplateError(`unsupported operand: ${word}`);
    let value: Value = chain[1] ? scope.vars.get(chain[1]) : scope.dot;
    if (chain[1] && !scope.vars.has(chain[1]))
      throw new TemplateError(`undefined variable ${chain[1]}`);
    for (const key of chain[2]!.split(".").filter(Boolean)) {
      value =
        value !== null && typeof value === "object"
          ? (value as Record<string, Value>)[key]
          : undefined;
    }
    return value;
  }
}
