/**
 * OpenTelemetry traces (issue 17, docs/operations.md "Traces"): one trace per request, from
 * the incoming HTTP request (node:http, with the routes of Koa's router) through the calls to
 * the insurers (fetch, i.e. undici: PAR, token, JWKS, entity statements) to the database
 * queries (pg, which Prisma uses through @prisma/adapter-pg). Off unless an OTLP endpoint is
 * configured.
 *
 * Koa and pg are patched as they are loaded: ESM modules only through the import-in-the-middle
 * loader hook registered here, so main.ts starts tracing before it imports the rest of the
 * broker (a module loaded before the hook is never instrumented).
 */
import { register } from "node:module";
import type { ServerResponse } from "node:http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { KoaInstrumentation, KoaLayerType } from "@opentelemetry/instrumentation-koa";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { REQUEST_ID_HEADER } from "@lotse/server";
import { RedactingSpanExporter } from "./redacting-exporter.js";

/** The request id of packages/server (request-id.ts) on the server span of each request. */
export const ATTR_REQUEST_ID = "lotse.request_id";

export interface TracingOptions {
  serviceName: string;
  exporter: SpanExporter;
  /**
   * Export each span as it ends instead of in batches: for tests, which read an in-memory
   * exporter right after a request.
   */
  immediate?: boolean;
}

export interface Tracing {
  /** Exports what is still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

function isServerResponse(response: unknown): response is ServerResponse {
  return typeof (response as ServerResponse).getHeader === "function";
}

export function startTracing(options: TracingOptions): Tracing {
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const exporter = new RedactingSpanExporter(options.exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [
      options.immediate ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter),
    ],
  });
  // The global provider and the AsyncLocalStorage context manager: spans of one request
  // find their parent across awaits.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // The id the request-id middleware answered with (taken from X-Request-Id or made
        // up), so a trace and the request's log lines and audit events join.
        applyCustomAttributesOnSpan(span, _request, response) {
          if (!isServerResponse(response)) return;
          const requestId = response.getHeader(REQUEST_ID_HEADER);
          if (typeof requestId === "string") span.setAttribute(ATTR_REQUEST_ID, requestId);
        },
      }),
      new UndiciInstrumentation(),
      // Router layers only (they name the route, `http.route`): a span for each of the
      // broker's ~20 middleware per request would bury the insurer and database calls.
      new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] }),
      new PgInstrumentation({
        // Prisma's statements are parameterised; the values (tokens' hashes, KVNRs,
        // grants) would only appear with enhanced reporting, which stays off.
        enhancedDatabaseReporting: false,
        // Queries outside a request (the pool's housekeeping, background pollers) would
        // each be a trace of their own.
        requireParentSpan: true,
        // A span per pool checkout doubles the spans of every query and says little.
        ignoreConnectSpans: true,
      }),
    ],
  });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}

/** Tracing to an OTLP/HTTP collector (`url`: the full traces URL, see traces-endpoint.ts). */
export function startOtlpTracing(options: { url: string; serviceName: string }): Tracing {
  return startTracing({
    serviceName: options.serviceName,
    exporter: new OTLPTraceExporter({ url: options.url }),
  });
}
