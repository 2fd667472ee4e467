"use client";
/**
 * A text-like input bound to a react-hook-form field. It wires what every form field needs
 * once: the label, hint and error from `Field`, `aria-invalid` from the field's error and
 * `aria-describedby` pointing at the hint and error that `Field` renders. Lives in the
 * portal because it depends on react-hook-form; @lotse/ui does not.
 */
import type { InputHTMLAttributes, ReactNode } from "react";
import {
  get,
  type FieldError as FormFieldError,
  type FieldPath,
  type FieldValues,
  type RegisterOptions,
  type UseFormReturn,
} from "react-hook-form";
import { Field } from "@lotse/ui/field";
import { Input } from "@lotse/ui/input";

/** Props the field sets itself from the form; everything else goes to the input. */
type OwnInputProps =
  "id" | "name" | "form" | "onChange" | "onBlur" | "aria-invalid" | "aria-describedby";

export function TextField<
  TValues extends FieldValues,
  TContext,
  TTransformed,
  TName extends FieldPath<TValues>,
>({
  form,
  name,
  id,
  label,
  hint,
  registerOptions,
  ...inputProps
}: {
  form: UseFormReturn<TValues, TContext, TTransformed>;
  name: TName;
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Passed to `register`, e.g. `{ valueAsNumber: true }`. */
  registerOptions?: RegisterOptions<TValues, TName>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, OwnInputProps>) {
  // `get` reads nested names ("display.logoUri", "items.0") the way react-hook-form stores them.
  const error = get<typeof form.formState.errors, FormFieldError | undefined>(
    form.formState.errors,
    name,
  );
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error?.message}>
      <Input
        id={id}
        aria-invalid={!!error}
        aria-describedby={hint ? `${id}-hint ${id}-error` : `${id}-error`}
        {...inputProps}
        {...form.register(name, registerOptions)}
      />
    </Field>
  );
}
