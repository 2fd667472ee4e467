/**
 * Raw HTTP for the fuzz tests: fetch refuses or normalises much of what an attacker can send
 * (repeated parameters are fine, but header octets above 0x7F, odd methods and bodies are
 * not), so requests go through node:http with the request target and headers exactly as
 * built by the arbitraries.
 */
import http from "node:http";

export interface FuzzRequest {
  method: string;
  /** The request target, already percent-encoded (printable ASCII only). */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Answer {
  status: number;
  /** The media type without parameters, lower case ("" when absent). */
  type: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Node's limit on a request head (request line and headers), --max-http-header-size. */
export const MAX_REQUEST_HEAD = 16 * 1024;

export function send(base: string, request: FuzzRequest): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        // A redirect may carry the request's whole query in Location (/oidcf/signin does),
        // so an answer's head can outgrow Node's default 16 KiB limit for the client.
        maxHeaderSize: 256 * 1024,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        headers: {
          ...request.headers,
          ...(request.body !== undefined
            ? { "content-length": String(Buffer.byteLength(request.body)) }
            : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            type: (response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase(),
            headers: response.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** The size of the request head as sent, to tell Node's own 431 from the broker's answers. */
export function requestHeadSize(request: FuzzRequest): number {
  const headers = Object.entries(request.headers ?? {}).reduce(
    (size, [name, value]) => size + name.length + Buffer.byteLength(value, "latin1") + 4,
    0,
  );
  return request.method.length + request.target.length + 64 + headers;
}
