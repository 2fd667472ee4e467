"use client";
import { useEffect, useState } from "react";
import { cn } from "@lotse/ui/cn";

/**
 * The application page's table of contents: a column beside the sections on wide screens,
 * a row that scrolls sideways above them on phones. It marks the section in view.
 */
export function SectionNav({ sections }: { sections: { id: string; label: string }[] }) {
  const [current, setCurrent] = useState(sections[0]?.id);

  useEffect(() => {
    const observer = new IntersectionObserver(
      (entries) => {
        const visible = entries.filter((entry) => entry.isIntersecting);
        if (visible[0]) setCurrent(visible[0].target.id);
      },
      // The band just below the sticky top bar decides which section is "current".
      { rootMargin: "-80px 0px -65% 0px" },
    );
    for (const { id } of sections) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [sections]);

  return (
    <nav aria-label="On this page" className="min-w-0 lg:sticky lg:top-20 lg:self-start">
      <ul className="m-0 flex list-none gap-1 overflow-x-auto p-0 lg:flex-col">
        {sections.map(({ id, label }) => (
          <li key={id}>
            <a
              href={`#${id}`}
              aria-current={current === id ? "location" : undefined}
              onClick={() => setCurrent(id)}
              className={cn(
                "block rounded-md px-3 py-1.5 text-sm whitespace-nowrap text-muted-foreground no-underline hover:bg-muted hover:text-foreground",
                "aria-[current=location]:bg-muted aria-[current=location]:font-medium aria-[current=location]:text-foreground",
                id === "danger-zone" && "hover:text-destructive",
              )}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
