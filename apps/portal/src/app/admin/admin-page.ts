import "server-only";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";

/**
 * Runs an admin query for a page. A non-admin gets the 404 page rather than a hint that an
 * admin console exists; the procedures themselves answer FORBIDDEN (adminProcedure).
 */
export function adminQuery<T>(query: Promise<T>): Promise<T> {
  return query.catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") notFound();
    throw error;
  });
}
