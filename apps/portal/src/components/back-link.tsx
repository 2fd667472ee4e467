import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type { Route } from "next";
import type { ReactNode } from "react";
import { cn } from "@lotse/ui/cn";

/** The quiet "← parent" link above a page's header. */
export function BackLink<T extends string>({
  href,
  children,
  className,
}: {
  href: Route<T>;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Link
      href={href}
      className={cn(
        "mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground no-underline hover:text-foreground",
        className,
      )}
    >
      <ArrowLeft className="size-4" aria-hidden />
      {children}
    </Link>
  );
}
