import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

/** The page's title row: heading, optional description and actions on the right. */
export function PageHeader({
  title,
  description,
  eyebrow,
  actions,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  eyebrow?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("mb-6 flex flex-wrap items-end justify-between gap-4", className)}>
      <div className="min-w-0">
        {eyebrow && (
          <p className="m-0 text-xs font-semibold tracking-wider text-primary uppercase">
            {eyebrow}
          </p>
        )}
        <h1 className="m-0 text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="m-0 mt-1 text-sm text-muted-foreground">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

/** What a list shows when it has nothing in it, with what to do next. */
export function EmptyState({
  title,
  description,
  action,
  icon,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-2 rounded-lg border border-dashed border-border px-6 py-10 text-center",
        className,
      )}
    >
      {icon && <div className="text-muted-foreground [&_svg]:size-8">{icon}</div>}
      <p className="m-0 font-medium">{title}</p>
      {description && (
        <p className="m-0 max-w-prose text-sm text-muted-foreground">{description}</p>
      )}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

/** A grey placeholder block shown while content loads. */
export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div aria-hidden className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />
  );
}

/** Term–value pairs in two columns (stacked on narrow screens). */
export function DescriptionList({
  items,
  className,
}: {
  items: { term: ReactNode; value: ReactNode }[];
  className?: string;
}) {
  return (
    <dl
      className={cn("m-0 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]", className)}
    >
      {items.map((item, index) => (
        <div key={index} className="contents">
          <dt className="text-muted-foreground">{item.term}</dt>
          <dd className="m-0 min-w-0 break-words">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Inline code that wraps anywhere, for ids and URLs. */
export function Code({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <code
      className={cn(
        "rounded bg-muted px-1 py-0.5 text-[0.85em] [overflow-wrap:anywhere]",
        className,
      )}
      {...props}
    />
  );
}
