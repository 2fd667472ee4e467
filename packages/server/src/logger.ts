import { pino, type Logger, type LoggerOptions as PinoOptions } from "pino";
import { currentRequestId } from "./request-id.js";

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for `pnpm dev`; JSON (one object per line) everywhere else. */
  format?: "json" | "pretty";
  /** Where JSON lines go instead of stdout (tests that read what would be logged). */
  destination?: { write(line: string): void };
}

/**
 * Structured logs (STYLE.md rule 6). Fields that could carry secrets are redacted even
 * if a caller logs a whole request by mistake. A line written while a request runs carries
 * its `requestId` (request-id.ts).
 */
export function createLogger(
  service: string,
  { level, format = "json", destination }: LoggerOptions,
): Logger {
  const options: PinoOptions<never> = {
    name: service,
    level,
    base: { service },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "*.password",
        "*.client_secret",
        "*.code",
        "*.code_verifier",
        "*.access_token",
        "*.refresh_token",
        "*.id_token",
      ],
      censor: "[redacted]",
    },
    ...(format === "pretty"
      ? {
          transport: {
            target: "pino-pretty",
            options: {
              colorize: true,
              singleLine: true,
              ignore: "pid,hostname,service,name",
              translateTime: "HH:MM:ss",
            },
          },
        }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
