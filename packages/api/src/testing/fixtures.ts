/** Test fixtures: a migrated database of its own and callers with a user's session. */
import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@lotse/db";
import { createTestPrisma, type TestPrisma } from "@lotse/db/testing";
import { createCaller } from "../root.js";
import { applicationDefaults, type ApplicationSettings } from "../schemas/applications.js";
import type { LotseMode } from "../schemas/outbound-url.js";

/** A migrated database of its own with a client on it; `close` disconnects and drops it. */
export type TestWorld = TestPrisma;
export const createTestWorld = createTestPrisma;

export async function createUser(prisma: PrismaClient, email: string) {
  return prisma.user.create({ data: { email, name: email.split("@")[0] ?? email } });
}

export function callerFor(
  prisma: PrismaClient,
  user: { id: string; email: string; role?: "DEVELOPER" | "ADMIN"; sessionVersion?: number },
  // The dev stack's mode: tests register loopback URLs like a developer's machine does.
  lotseMode: LotseMode = "development",
) {
  return createCaller({
    prisma,
    lotseMode,
    session: {
      user: {
        id: user.id,
        email: user.email,
        role: user.role ?? "DEVELOPER",
        sessionVersion: user.sessionVersion ?? 0,
      },
    },
  });
}

/** The tRPC error code a call ends with, "OK" when it succeeds. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

export const anonymousCaller = (prisma: PrismaClient) => createCaller({ prisma, session: null });

/** The form's defaults, filled in: a confidential app with one redirect URI. */
export const confidentialApp: ApplicationSettings = {
  ...applicationDefaults,
  name: "Praxis App",
  redirectUris: ["https://praxis.example/callback"],
};
