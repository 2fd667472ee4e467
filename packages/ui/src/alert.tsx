import { cva, type VariantProps } from "class-variance-authority";
import { AlertTriangle, CheckCircle2, Info, XCircle } from "lucide-react";
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

const alertVariants = cva(
  "flex gap-3 rounded-lg border p-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0",
  {
    variants: {
      tone: {
        info: "border-border bg-secondary text-secondary-foreground",
        success: "border-success/30 bg-success-muted text-foreground [&>svg]:text-success",
        warning: "border-warning/40 bg-warning-muted text-foreground [&>svg]:text-warning",
        danger:
          "border-destructive/40 bg-destructive-muted text-foreground [&>svg]:text-destructive",
      },
    },
    defaultVariants: { tone: "info" },
  },
);

const icons = { info: Info, success: CheckCircle2, warning: AlertTriangle, danger: XCircle };

/** A message block. `danger` alerts are announced (role="alert"), the others politely. */
export function Alert({
  className,
  tone,
  title,
  children,
  ...props
}: Omit<HTMLAttributes<HTMLDivElement>, "title"> &
  VariantProps<typeof alertVariants> & { title?: ReactNode }) {
  const Icon = icons[tone ?? "info"];
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cn(alertVariants({ tone }), className)}
      {...props}
    >
      <Icon aria-hidden />
      <div className="grid gap-1">
        {title && <p className="m-0 font-medium">{title}</p>}
        {children && <div className="[&_p]:m-0">{children}</div>}
      </div>
    </div>
  );
}
