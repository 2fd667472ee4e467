import { describe, expect, test } from "vitest";
import { tracesEndpoint } from "./traces-endpoint.js";

describe("tracesEndpoint", () => {
  test("no endpoint: no tracing", () => {
    expect(tracesEndpoint({})).toBeUndefined();
  });
  test("the base endpoint gets /v1/traces", () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toBe(
      "http://collector:4318/v1/traces",
    );
  });
  test("the traces endpoint is used as it is and wins", () => {
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp",
      }),
    ).toBe("https://traces.example/otlp");
  });
});
