import "server-only";
import { createTRPCContext, type TRPCContext } from "@lotse/api";
import { env } from "../env";
import { auth, clientIpOf } from "./auth";
import { getDb } from "./db";

/** The tRPC context for a request: the next-auth session and the Prisma client. */
export async function createContext(headers: Headers): Promise<TRPCContext> {
  const session = await auth();
  const user = session?.user;
  return createTRPCContext({
    prisma: getDb(),
    session: user?.id
      ? {
          user: {
            id: user.id,
            email: user.email ?? "",
            role: user.role,
            sessionVersion: user.sessionVersion,
          },
        }
      : null,
    clientIp: clientIpOf(headers),
    // The only FHIR server whose launcher directory the portal fetches (no SSRF).
    sandboxUrl: env.SANDBOX_URL,
    // Production refuses loopback URLs the broker would call (@lotse/api schemas/outbound-url.ts).
    lotseMode: env.LOTSE_MODE,
  });
}
