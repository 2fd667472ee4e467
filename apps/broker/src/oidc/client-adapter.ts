/**
 * oidc-provider's `Client` model, read from the `Application` table on every lookup so
 * that a change in the portal takes effect on the next request. Never written: apps
 * are managed in the portal, not by dynamic registration (disabled). A client id
 * PostgreSQL cannot hold (a NUL, a lone surrogate) names no client, without a query
 * (docs/security.md "Malformed text").
 */
import type { PrismaClient } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { clientMetadataFor } from "../applications/client-metadata.js";
import { clientSecretStandIn } from "../applications/client-secret-standin.js";

function readOnly(): never {
  throw new Error("clients are managed in the Application table");
}

export class ApplicationClientAdapter implements Adapter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretKey: Buffer,
  ) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    if (!isWellFormedText(clientId)) return undefined;
    const app = await this.prisma.application.findUnique({
      where: { clientId },
      include: { apiGrants: { include: { api: true } } },
    });
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
