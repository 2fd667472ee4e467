/**
 * next-auth v5 for the portal: email + password (Credentials) with JWT sessions. The
 * password check, argon2id and throttling live in @lotse/api's accounts service; here is
 * only the wiring.
 */
import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authenticate, currentSessionUser, type SessionUser } from "@lotse/api";
import { authSecret } from "./auth-secret";
import { getDb } from "./db";

declare module "next-auth" {
  interface Session {
    user: SessionUser & DefaultSession["user"];
  }
  interface User {
    /** The user's session version at sign-in (@lotse/api session-check). */
    sessionVersion?: number;
  }
}

/** Shown as "too many attempts"; every other failure is the generic CredentialsSignin. */
class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

/**
 * The client IP for per-IP throttling. X-Forwarded-For is only as trustworthy as the proxy
 * in front of the portal; the per-account limit does not depend on it.
 */
export function clientIpOf(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || undefined;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // The portal is reached under the URL it is configured for (its own host header).
  trustHost: true,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  logger: {
    // A wrong password is an expected answer, not a server error; anything else is logged
    // in one line (never credentials: next-auth's errors do not carry them).
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(`portal: auth: ${error.name}: ${error.message.split("\n")[0]}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await authenticate(getDb(), credentials, clientIpOf(request.headers));
        if (result.ok)
          return {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            sessionVersion: result.user.sessionVersion,
          };
        if (result.reason === "throttled") throw new ThrottledSignin();
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      const uid = user?.id ?? (typeof token.uid === "string" ? token.uid : undefined);
      if (!uid) return token;
      // At sign-in the token takes the user's session version; it never changes afterwards
      // (an update from the browser cannot raise it: only a new sign-in does).
      if (user) token.sv = user.sessionVersion ?? 0;
      // Read on every session check, not only at sign-in, so that pages (the Admin link, the
      // audit chain status) follow a promotion or demotion at once, as the tRPC procedures
      // do; a disabled or deleted user's session ends here (null clears the cookie), and so
      // does one issued before the latest password change.
      const current = await currentSessionUser(
        getDb(),
        uid,
        typeof token.sv === "number" ? token.sv : undefined,
      );
      if (!current) return null;
      token.uid = uid;
      token.role = current.role;
      token.sv = current.sessionVersion;
      return token;
    },
    session({ session, token }) {
      // The token carries what jwt() put there; anything else is not our token.
      if (typeof token.uid === "string") {
        session.user.id = token.uid;
        session.user.role = token.role === "ADMIN" ? "ADMIN" : "DEVELOPER";
        session.user.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      }
      return session;
    },
  },
}));
