import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dbEnv } from "./env.js";

/** The workspace root: the nearest folder above this package holding pnpm-workspace.yaml. */
export function workspaceRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("Cannot find the workspace root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/** Where local state lives (embedded database, generated development keys). */
export function dataDir(): string {
  const configured = dbEnv("LOTSE_DATA_DIR");
  return configured ? path.resolve(configured) : path.join(workspaceRoot(), ".data");
}

export function schemaPath(): string {
  return path.join(workspaceRoot(), "prisma", "schema.prisma");
}

export function migrationsDir(): string {
  return path.join(workspaceRoot(), "prisma", "migrations");
}
