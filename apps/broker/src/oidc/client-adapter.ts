/**
 * oidc-provider's `Client` model, read from the `Application` table, through the process's
 * application cache, which forgets a record as soon as the database says it changed
 * (applications/application-cache.ts), so that a change in the portal takes effect on the
 * next request. Never written: apps
 * are managed in the portal, not by dynamic registration (disabled). A client id
 * PostgreSQL cannot hold (a NUL, a lone surrogate) names no client, without a query
 * (docs/security.md "Malformed text").
 */
import type { PrismaClient } from "@lotse/db";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { clientMetadataFor } from "../applications/client-metadata.js";
import { clientSecretStandIn } from "../applications/client-secret-standin.js";
import { NO_APPLICATION_CACHE, type ApplicationCache } from "../applications/application-cache.js";
import { findApplication } from "../applications/find-application.js";

function readOnly(): never {
  throw new Error("clients are managed in the Application table");
}

export class ApplicationClientAdapter implements Adapter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretKey: Buffer,
    private readonly cache: ApplicationCache = NO_APPLICATION_CACHE,
  ) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const app = await findApplication(this.prisma, this.cache, clientId);
    if (!app?.enabled) return undefined;
    return clientMetadataFor(app, clientSecretStandIn(this.secretKey, clientId)) as AdapterPayload;
  }

  upsert = readOnly;
  findByUid = readOnly;
  findByUserCode = readOnly;
  consume = readOnly;
  destroy = readOnly;
  revokeByGrantId = readOnly;
}
