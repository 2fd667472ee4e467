"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signInInput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { Field } from "@lotse/ui/field";
import { Input } from "@lotse/ui/input";
import { signInAction } from "../actions";

type Values = z.input<typeof signInInput>;

export function SignInForm({ next }: { next?: string | undefined }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<
    Values,
    unknown,
    z.output<typeof signInInput>
  >({
    resolver: zodResolver(signInInput),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signInAction({ ...values, next });
    if (result?.error) setFormError(result.error);
  });

  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate>
      <Field label="Email" htmlFor="email" error={errors.email?.message}>
        <Input
          id="email"
          type="email"
          autoComplete="username"
          aria-invalid={!!errors.email}
          aria-describedby="email-error"
          {...register("email")}
        />
      </Field>
      <Field label="Password" htmlFor="password" error={errors.password?.message}>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          aria-describedby="password-error"
          {...register("password")}
        />
      </Field>
      {formError && (
        <Alert tone="danger" data-testid="sign-in-error">
          {formError}
        </Alert>
      )}
      <Button type="submit" loading={isSubmitting} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
