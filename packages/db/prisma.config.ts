// Prisma CLI configuration: only `prisma generate` is used (DESIGN.md §6);
// migrations run through our own tooling on @prisma/schema-engine-wasm.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
});
