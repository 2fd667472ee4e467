"use server";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "~/server/auth";

/**
 * Signs in with email and password. The answer is generic for every failure except
 * throttling (which is keyed by the typed email and so reveals nothing about accounts).
 */
export async function signInAction(input: {
  email: string;
  password: string;
  next?: string | undefined;
}): Promise<{ error: string } | undefined> {
  try {
    await signIn("credentials", {
      email: input.email,
      password: input.password,
      redirectTo: safeNext(input.next),
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return {
        error:
          error.code === "throttled"
            ? "Too many failed attempts. Wait a few minutes and try again."
            : "Email or password is not correct.",
      };
    }
    // Anything else (e.g. the database is down) is not the user's mistake: say so.
    if (error instanceof AuthError) {
      return { error: "Signing in is not possible right now. Try again in a moment." };
    }
    // The redirect after a successful sign-in is thrown as well; let Next handle it.
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** Only paths on this site: an open redirect would make the sign-in page a phishing tool. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : "/dashboard";
}
