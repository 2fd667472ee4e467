import Link from "next/link";

const SECTIONS = [
  ["/admin/users", "Users"],
  ["/admin/organizations", "Organizations"],
  ["/admin/idps", "Identity providers"],
  ["/admin/keys", "Signing keys"],
] as const;

export function AdminNav({ current }: { current: (typeof SECTIONS)[number][0] }) {
  return (
    <nav aria-label="Admin" className="row" style={{ flexWrap: "wrap", marginBottom: "1rem" }}>
      {SECTIONS.map(([href, label]) => (
        <Link
          key={href}
          href={href}
          className={href === current ? "button" : "button secondary"}
          aria-current={href === current ? "page" : undefined}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
