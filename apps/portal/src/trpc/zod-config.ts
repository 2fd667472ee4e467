/**
 * Zod without its JIT in the browser: to decide whether it may compile parsers, zod probes
 * `new Function("")`, which the portal's CSP (no 'unsafe-eval') refuses and reports as a
 * violation, though zod falls back quietly. `jitless` skips the probe. Imported first by the
 * root layout's client provider, before any schema is built (zod decides per schema, when it
 * is created).
 */
import { z } from "zod";

z.config({ jitless: true });
