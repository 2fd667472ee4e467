/** One adapter per oidc-provider model name; `Client` comes from the Application table. */
import type { PrismaClient } from "@lotse/db";
import type { Adapter } from "oidc-provider";
import type { ApplicationCache } from "../applications/application-cache.js";
import { ApplicationClientAdapter } from "./client-adapter.js";
import { PrismaAdapter, type StorageSecrecy } from "./prisma-adapter.js";

export function createAdapterFactory(
  prisma: PrismaClient,
  clientSecretKey: Buffer,
  secrecy: StorageSecrecy,
  applications?: ApplicationCache,
): (model: string) => Adapter {
  return (model) =>
    model === "Client"
      ? new ApplicationClientAdapter(prisma, clientSecretKey, applications)
      : new PrismaAdapter(prisma, model, secrecy);
}
