"use server";
import { AuthError } from "next-auth";
import { signIn } from "~/server/auth";

/**
 * After a password change: the change ended every session of the user, the one in this
 * browser too (docs/security.md, "Portal"), so this browser signs in again with the new
 * password and lands back on the account page, which says the password was changed.
 * Anyone else's session stays ended. Answers false when that sign-in fails (the next page
 * asks to sign in).
 */
export async function renewSessionAction(input: {
  email: string;
  password: string;
}): Promise<false> {
  try {
    // Redirects on success: a new request, which carries the new session cookie.
    await signIn("credentials", {
      email: input.email,
      password: input.password,
      redirectTo: "/account?password=changed",
    });
  } catch (error) {
    if (error instanceof AuthError) return false;
    // The redirect after a successful sign-in is thrown as well; let Next handle it.
    throw error;
  }
  return false;
}
