/**
 * GET /api/openapi.json (the document) and GET /api/docs (a readable reference rendered
 * from it on the server: no script, no CDN, a strict CSP with one hashed style block).
 */
import { createHash } from "node:crypto";
import type Router from "@koa/router";
import { escapeHtml } from "@lotse/server/html";
import { BASE_CSP } from "../protection/content-security-policy.js";
import { openApiDocument } from "./openapi-document.js";

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}" +
  "section{border:1px solid #d0d7de;border-radius:6px;padding:0 1rem 1rem;margin:1.5rem 0}" +
  ".method{font-weight:700;text-transform:uppercase;margin-right:.5rem}" +
  "pre{background:#f6f8fa;padding:.75rem;overflow:auto;border-radius:6px}" +
  "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");
const DOCS_CSP = BASE_CSP.replace("style-src 'self'", `style-src 'sha256-${STYLE_HASH}'`);

type Operation = {
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const pretty = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

export function renderDocs(document: ReturnType<typeof openApiDocument>): string {
  const info = document.info as { title: string; description: string };
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${escapeHtml(p.description ?? "")}</td></tr>`,
        )
        .join("");
      const body = op.requestBody
        ? `<h3>Request body</h3>${pretty(Object.values(op.requestBody.content)[0]?.schema)}`
        : "";
      const responses = Object.entries(op.responses)
        .map(
          ([status, r]) =>
            `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description)}${r.content ? ` ${pretty(Object.values(r.content)[0]?.schema)}` : ""}</li>`,
        )
        .join("");
      return `<section><h2><span class="method">${escapeHtml(method)}</span><code>${escapeHtml(path)}</code></h2>
<p><strong>${escapeHtml(op.summary ?? "")}</strong></p><p>${escapeHtml(op.description ?? "")}</p>
${params ? `<h3>Parameters</h3><table><tr><th>name</th><th>in</th><th>required</th><th>description</th></tr>${params}</table>` : ""}
${body}<h3>Responses</h3><ul>${responses}</ul></section>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
${operations.join("\n")}
<h2>Schemas</h2>${pretty((document.components as { schemas: unknown }).schemas)}
</main></body></html>`;
}

export function registerOpenApiRoutes(router: Router, issuer: string): void {
  const document = openApiDocument(issuer);
  const html = renderDocs(document);
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = document;
  });
  router.get("/api/docs", (ctx) => {
    ctx.type = "html";
    ctx.set("Content-Security-Policy", DOCS_CSP);
    ctx.body = html;
  });
}
