import type { ReactNode } from "react";

/** The narrow centred card of the signed-out pages (home, sign in, sign up, invitations). */
export function AuthFrame({
  title,
  children,
  wide = false,
  titleTestId,
}: {
  title: ReactNode;
  children: ReactNode;
  wide?: boolean;
  titleTestId?: string;
}) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div
        className={`w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-xl border border-border bg-card p-6 shadow-sm sm:p-8`}
      >
        <p className="m-0 text-xs font-semibold tracking-wider text-primary uppercase">Lotse</p>
        <h1
          className="m-0 mt-1 mb-6 text-2xl font-semibold tracking-tight"
          data-testid={titleTestId}
        >
          {title}
        </h1>
        {children}
      </div>
    </main>
  );
}
