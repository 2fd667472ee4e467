/**
 * EHR launches prepared by the portal's SMART launcher (docs/flows/smart.md). The app gets
 * the `launch` value in its launch URL and sends it back on authorize; the database holds
 * only its sha256, so a leaked table launches nothing.
 */
import { createHash } from "node:crypto";
import type { PrismaClient, SmartLaunch } from "@lotse/db";
import { isWellFormedText } from "@lotse/domain";

export type { SmartLaunch };

export interface LaunchStore {
  /** The launch with this value, if it exists and has not expired. */
  find(value: string): Promise<SmartLaunch | undefined>;
}

export function launchHash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function createLaunchStore(prisma: PrismaClient): LaunchStore {
  return {
    async find(value) {
      if (!value || value.length > 512 || !isWellFormedText(value)) return undefined;
      const launch = await prisma.smartLaunch.findUnique({
        where: { launchHash: launchHash(value) },
      });
      if (!launch || launch.expiresAt.getTime() <= Date.now()) return undefined;
      return launch;
    },
  };
}
