/**
 * Loads Prisma's schema engine compiled to WebAssembly (DESIGN.md §6): the native engine
 * cannot be downloaded here, the wasm build ships inside an npm package.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

// Node has WebAssembly, but neither lib ES2023 nor @types/node 20 declares it; this
// is the little used here.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new (message?: string) => Error;
};

/** A wasm trap, which is how a Rust panic in the engine ends. */
export function isWasmTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError;
}

/**
 * The engine's Rust panic hook reports through this global before the wasm traps
 * with a bare "unreachable"; without it a panic ends in a TypeError about the
 * missing registry and the real reason is lost.
 */
class PanicRegistry {
  private message = "";

  get(): string {
    return this.message;
  }

  set_message(message: string): void {
    this.message = message;
  }

  /** The last panic message, once; empty when the engine did not panic. */
  take(): string {
    const message = this.message;
    this.message = "";
    return message;
  }
}

const registry = new PanicRegistry();
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY =
  registry;

/** The message of the engine panic that caused the last failure, if it was one. */
export function takePanicMessage(): string {
  return registry.take();
}

let loading: Promise<typeof bindings.SchemaEngine> | undefined;

/**
 * The package's own entry point imports the .wasm file as an ES module, which Node 20
 * cannot do without --experimental-wasm-modules (and Vitest cannot either), so the
 * module is instantiated here against the generated JS bindings, once per process.
 */
export function loadSchemaEngine(): Promise<typeof bindings.SchemaEngine> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(bindingsFile), "schema_engine_bg.wasm"));
    // The wasm imports everything from the module name the bindings were generated as.
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings.SchemaEngine;
  })();
  return loading;
}
