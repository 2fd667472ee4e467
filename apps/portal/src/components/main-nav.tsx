"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@lotse/ui/cn";

const LINKS = [
  { href: "/dashboard", label: "Applications", match: ["/dashboard", "/orgs", "/apps", "/try-it"] },
  { href: "/audit", label: "Audit log", match: ["/audit"] },
] as const;

export function MainNav({ admin }: { admin: boolean }) {
  const pathname = usePathname();
  const links = admin
    ? [...LINKS, { href: "/admin", label: "Admin", match: ["/admin"] } as const]
    : LINKS;
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {links.map((link) => {
        const current = link.match.some((prefix) => pathname.startsWith(prefix));
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium no-underline",
              current
                ? "bg-accent text-accent-foreground"
                : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
