import type { HTMLAttributes, LabelHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn("text-sm font-medium text-foreground", className)} {...props} />;
}

export function Hint({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn("m-0 text-sm text-muted-foreground", className)} {...props} />;
}

/** The message under the field that caused it; nothing when there is no message. */
export function FieldError({
  message,
  id,
  className,
}: {
  message?: string | null;
  id?: string;
  className?: string;
}) {
  if (!message) return null;
  return (
    <p id={id} role="status" className={cn("error m-0 text-sm text-destructive", className)}>
      {message}
    </p>
  );
}

/**
 * Label, control, hint and error stacked. The control is passed as children and should carry
 * `id={htmlFor}`, `aria-invalid` and `aria-describedby={`${htmlFor}-hint ${htmlFor}-error`}`.
 */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={htmlFor}>{label}</Label>
      {children}
      {hint && <Hint id={`${htmlFor}-hint`}>{hint}</Hint>}
      <FieldError id={`${htmlFor}-error`} message={error} />
    </div>
  );
}

/** A group of related controls (checkboxes, a list of URIs) with a legend. */
export function Fieldset({
  legend,
  hint,
  error,
  children,
  className,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  className?: string;
}) {
  return (
    <fieldset className={cn("grid gap-2 rounded-lg border border-border p-4", className)}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {hint && <Hint>{hint}</Hint>}
      {children}
      <FieldError message={error} />
    </fieldset>
  );
}
