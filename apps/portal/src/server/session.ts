import "server-only";
import { redirect } from "next/navigation";
import { auth } from "./auth";

/** The signed-in user, or a redirect to the sign-in page (and back to `next` after it). */
export async function requireSession(next?: string) {
  const session = await auth();
  if (!session?.user?.id) {
    redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  }
  return session;
}
