import { Building2, KeyRound, ShieldCheck, Users } from "lucide-react";
import Link from "next/link";
import { cn } from "@lotse/ui/cn";

const SECTIONS = [
  { href: "/admin/users", label: "Users", icon: Users },
  { href: "/admin/organizations", label: "Organizations", icon: Building2 },
  { href: "/admin/idps", label: "Identity providers", icon: ShieldCheck },
  { href: "/admin/keys", label: "Signing keys", icon: KeyRound },
] as const;

/**
 * The admin console's sections as tabs. They are links (each section is its own page and
 * URL), so a nav with aria-current rather than an ARIA tablist; it scrolls sideways on phones.
 */
export function AdminNav({ current }: { current: (typeof SECTIONS)[number]["href"] }) {
  return (
    <nav aria-label="Admin" className="mb-6 overflow-x-auto border-b border-border">
      <ul className="m-0 flex min-w-max list-none gap-1 p-0">
        {SECTIONS.map(({ href, label, icon: Icon }) => {
          const active = href === current;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium no-underline transition-colors focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring",
                  active
                    ? "border-primary text-foreground"
                    : "border-transparent text-muted-foreground hover:border-border hover:text-foreground",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
