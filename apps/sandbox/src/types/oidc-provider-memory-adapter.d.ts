// oidc-provider's in-memory adapter, which it uses itself when no adapter is configured.
// The package exports no types for it (and no `exports` map that would hide it).
declare module "oidc-provider/lib/adapters/memory_adapter.js" {
  import type { AdapterFactory } from "oidc-provider";

  export function createMemoryAdapter(clockTolerance?: number): AdapterFactory;
}
