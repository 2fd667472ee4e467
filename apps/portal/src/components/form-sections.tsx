/**
 * The building blocks of the portal's longer forms: a section card with a heading at the
 * page's level, and groups of radios or checkboxes shown as cards.
 */
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader } from "@lotse/ui/card";
import { cn } from "@lotse/ui/cn";
import { FieldError, Hint } from "@lotse/ui/field";

export type HeadingLevel = 2 | 3;

/** A form section: a card whose title is a heading at the level the page needs. */
export function Section({
  title,
  description,
  level,
  children,
}: {
  title: string;
  description?: ReactNode;
  level: HeadingLevel;
  children: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <Card>
      <CardHeader>
        <div>
          <Heading className="m-0 text-base leading-tight font-semibold">{title}</Heading>
          {description && <CardDescription>{description}</CardDescription>}
        </div>
      </CardHeader>
      <CardContent className="grid gap-5 *:min-w-0">{children}</CardContent>
    </Card>
  );
}

/** A group of radios or checkboxes with a visible legend and its error underneath. */
export function ChoiceGroup({
  legend,
  hint,
  error,
  disabled,
  className,
  children,
}: {
  legend: string;
  hint?: ReactNode;
  error?: string;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset disabled={disabled} className="m-0 grid min-w-0 gap-2 border-0 p-0">
      <legend className="mb-2 p-0 text-sm font-medium">{legend}</legend>
      {hint && <Hint className="-mt-1">{hint}</Hint>}
      <div className={cn("grid gap-2", className)}>{children}</div>
      <FieldError message={error} />
    </fieldset>
  );
}

/**
 * One radio or checkbox as a card. The label holds only the title (the control's accessible
 * name); the description is linked with aria-describedby, and the label's ::after stretches
 * over the card, so a click anywhere on it toggles the control.
 */
export function ChoiceCard({
  id,
  title,
  description,
  control,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  control: ReactNode;
}) {
  return (
    <div className="relative flex gap-3 rounded-lg border border-border bg-card p-3 transition-colors hover:bg-muted/40 has-checked:border-primary has-checked:bg-primary/5 has-disabled:opacity-70 has-focus-visible:outline-2 has-focus-visible:outline-ring">
      {/* Above the label's overlay, so a click on the control itself reaches it. */}
      <div className="relative z-[1] pt-0.5">{control}</div>
      <div className="grid min-w-0 gap-0.5">
        <label
          htmlFor={id}
          className="cursor-pointer text-sm font-medium [overflow-wrap:anywhere] after:absolute after:inset-0 after:content-['']"
        >
          {title}
        </label>
        {description && (
          <p id={`${id}-description`} className="m-0 text-sm text-muted-foreground">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}
