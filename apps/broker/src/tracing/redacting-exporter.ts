/**
 * What never leaves the broker in a trace: query strings. The instrumentations record the
 * request URL (`http.target`, `http.url`, `url.full`, `url.query`), and the broker's URLs carry
 * authorization codes, states, `login_hint`s and the sandbox's `gematik_login_user` (a KVNR) in
 * their queries (STYLE.md rule 6: never a token, code, secret or full KVNR). Every span passes
 * through here before any exporter sees it, whichever instrumentation made it.
 */
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Attributes } from "@opentelemetry/api";

/** Attributes that hold a URL or a request target: kept without their query and fragment. */
const URL_ATTRIBUTES = new Set(["http.url", "http.target", "url.full", "url.original"]);
/** Attributes that hold only the query: dropped. */
const QUERY_ATTRIBUTES = new Set(["url.query"]);

export function withoutQuery(value: string): string {
  const end = value.search(/[?#]/);
  return end === -1 ? value : value.slice(0, end);
}

export function redactAttributes(attributes: Attributes): Attributes {
  const redacted: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (QUERY_ATTRIBUTES.has(key)) continue;
    redacted[key] =
      URL_ATTRIBUTES.has(key) && typeof value === "string" ? withoutQuery(value) : value;
  }
  return redacted;
}

function redactSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: redactAttributes(span.attributes),
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}
