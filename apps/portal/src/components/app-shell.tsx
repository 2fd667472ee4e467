import Link from "next/link";
import type { Session } from "next-auth";
import type { ReactNode } from "react";
import { buttonVariants } from "@lotse/ui/button";
import { cn } from "@lotse/ui/cn";
import { signOutAction } from "../app/(auth)/actions";
import { MainNav } from "./main-nav";

/**
 * Every signed-in page: the top bar (navigation, account, sign out) and the page's main column.
 * `wide` gives tables room (audit log). The admin link only shows for admins; the admin pages
 * check the role themselves.
 */
export function AppShell({
  session,
  wide = false,
  children,
}: {
  session: Session;
  wide?: boolean;
  children: ReactNode;
}) {
  const admin = session.user.role === "ADMIN";
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-border bg-card/90 backdrop-blur">
        <div
          className={cn(
            "mx-auto flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 sm:px-6",
            wide ? "max-w-7xl" : "max-w-5xl",
          )}
        >
          <Link href="/dashboard" className="font-semibold text-foreground no-underline">
            <span className="text-primary">Lotse</span> developer portal
          </Link>
          <MainNav admin={admin} />
          <form action={signOutAction} className="ml-auto flex items-center gap-2">
            <Link
              className="max-w-[16rem] truncate text-sm text-muted-foreground no-underline hover:text-foreground"
              href="/account"
              data-testid="signed-in-as"
            >
              {session.user.email ?? ""}
            </Link>
            <button className={buttonVariants({ variant: "secondary", size: "sm" })} type="submit">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className={cn("mx-auto px-4 py-8 sm:px-6", wide ? "max-w-7xl" : "max-w-5xl")}>
        {children}
      </main>
    </>
  );
}
