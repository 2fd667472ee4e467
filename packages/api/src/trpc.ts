/**
 * The one place that sets up tRPC for the portal (create-t3-turbo's layout): the context
 * (session + Prisma), superjson, field errors for forms, and the public / protected /
 * admin procedures.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { PrismaClient, UserRole } from "@lotse/db";
import { DomainError, toTRPCError } from "./errors.js";
import type { LotseMode } from "./schemas/outbound-url.js";
import { currentSessionUser } from "./services/accounts/session-check.js";

/** What a signed-in portal user carries in the session (next-auth JWT). */
export interface SessionUser {
  id: string;
  email: string;
  role: UserRole;
  /** The user's session version when the session was issued (services/accounts/session-check.ts). */
  sessionVersion: number;
}

export interface TRPCContext {
  prisma: PrismaClient;
  session: { user: SessionUser } | null;
  /** Client IP as seen by the portal; used for login throttling. */
  clientIp?: string | undefined;
  /**
   * The sandbox's base URL (the portal's SANDBOX_URL): the only FHIR server whose launcher
   * directory the portal fetches (services/smart/launcher-directory.ts). Unset: none.
   */
  sandboxUrl?: string | undefined;
  /**
   * The deployment's mode (the portal's LOTSE_MODE). Unset: production. Decides whether
   * URLs the broker calls may name loopback (schemas/outbound-url.ts).
   */
  lotseMode?: LotseMode | undefined;
}

export function createTRPCContext(context: TRPCContext): TRPCContext {
  return context;
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Never a stack trace on the wire (STYLE.md rule 5), not even in development.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      data: {
        ...data,
        // Field errors keyed by path (e.g. "settings.redirectUris.2"), so forms can put
        // each message next to its field.
        fieldErrors:
          cause instanceof ZodError
            ? fieldErrorsByPath(cause)
            : cause instanceof DomainError && cause.field
              ? { [cause.field.join(".")]: [cause.message] }
              : null,
      },
    };
  },
});

function fieldErrorsByPath(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Maps the services' typed errors to tRPC errors in one place. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/**
 * A signed-in, enabled user whose session is current. The JWT session lives for hours, so
 * the user's row is read on every call: disabling a user, changing their role or their
 * password (which ends their other sessions) takes effect at once.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  const user = await currentSessionUser(
    ctx.prisma,
    ctx.session.user.id,
    ctx.session.user.sessionVersion,
  );
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, session: { user } } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "ADMIN") throw new TRPCError({ code: "FORBIDDEN" });
  return next({ ctx });
});
