/**
 * A Prisma schema engine (WebAssembly) on one database, driven through adapter-pg
 * (DESIGN.md §6). Open it with withSchemaEngine(), which always releases connections
 * and shadow databases, whatever the engine did.
 */
import { readFile } from "node:fs/promises";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl } from "../database-url.js";
import { schemaPath as defaultSchemaPath } from "../paths.js";
import { engineAdapterFactory } from "./engine-adapter.js";
import { isWasmTrap, loadSchemaEngine, takePanicMessage, type SchemaEngine } from "./wasm.js";

export interface EngineOptions {
  databaseUrl: string;
  /** Defaults to prisma/schema.prisma. */
  schemaPath?: string | undefined;
  /** Receives the engine's own log lines (JSON); silent by default. */
  log?: ((line: string) => void) | undefined;
}

export interface EngineContext {
  engine: SchemaEngine;
  /** The schema file, as the engine's requests want it. */
  schema: { path: string; content: string };
}

/** A failure reported by the schema engine, reduced to its message. */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
}

/**
 * Engine failures arrive as Errors whose message may span several lines; a panic
 * arrives as a bare RuntimeError("unreachable") whose reason the panic registry holds.
 */
function toEngineError(error: unknown): SchemaEngineError {
  const panic = takePanicMessage();
  if (panic) return new SchemaEngineError(`the schema engine panicked: ${panic}`);
  const message = error instanceof Error ? error.message : String(error);
  // The engine appends a span trace ("   0: schema_engine_wasm::…") naming Rust source
  // lines; only the migration it was applying, if any, is worth keeping from it.
  const [text = "", trace = ""] = message.split(/\n\s+0: /);
  const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    // Every failure from the driver adapter starts with this line; it says nothing.
    .filter((line) => line !== "" && line !== "external connector error");
  return new SchemaEngineError((migration ? `migration ${migration}: ` : "") + lines.join(" "));
}

function mapEngineErrors<T>(call: () => T): T {
  try {
    const result = call();
    return (
      result instanceof Promise
        ? result.catch((error: unknown) => Promise.reject(toEngineError(error)))
        : result
    ) as T;
  } catch (error) {
    throw toEngineError(error);
  }
}

/** The engine with every method's failure turned into a SchemaEngineError. */
function guarded(engine: SchemaEngine): SchemaEngine {
  return new Proxy(engine, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        mapEngineErrors(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/**
 * A panic inside an async engine call traps in a callback that no promise of ours
 * sees: Node reports it as an uncaught RuntimeError("unreachable") and the call never
 * settles. While the engine runs, such a trap is turned into a rejection carrying the
 * panic message; anything else goes on to Node's usual handling.
 */
function watchForPanics(): { panicked: Promise<never>; stop: () => void } {
  let listener: (error: unknown) => void = () => undefined;
  const panicked = new Promise<never>((_, reject) => {
    listener = (error: unknown) => {
      const message = isWasmTrap(error) ? takePanicMessage() : "";
      if (message) {
        reject(new SchemaEngineError(`the schema engine panicked: ${message}`));
        return;
      }
      process.removeListener("uncaughtException", listener);
      setImmediate(() => {
        throw error;
      });
    };
  });
  // Only rejects on a panic, which the race below reports.
  panicked.catch(() => undefined);
  process.on("uncaughtException", listener);
  return { panicked, stop: () => process.removeListener("uncaughtException", listener) };
}

export async function withSchemaEngine<T>(
  options: EngineOptions,
  run: (context: EngineContext) => Promise<T>,
): Promise<T> {
  const databaseUrl = parseDatabaseUrl(options.databaseUrl);
  const path = options.schemaPath ?? defaultSchemaPath();
  const schema = { path, content: await readFile(path, "utf8") };
  const SchemaEngineClass = await loadSchemaEngine();
  const factory = engineAdapterFactory(databaseUrl);
  const log = options.log ?? (() => undefined);

  let engine: SchemaEngine | undefined;
  const panics = watchForPanics();
  try {
    engine = await Promise.race([
      mapEngineErrors(() =>
        SchemaEngineClass.new(
          { datamodels: [[schema.path, schema.content]] },
          (line: string) => log(line),
          bindMigrationAwareSqlAdapterFactory(factory),
        ),
      ),
      panics.panicked,
    ]);
    return await Promise.race([run({ engine: guarded(engine), schema }), panics.panicked]);
  } finally {
    panics.stop();
    try {
      engine?.free();
    } catch {
      // After a panic the wasm instance may refuse even this; the error that
      // matters has already been thrown.
    }
    await factory.cleanUp();
  }
}
