"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signUpInput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { Field } from "@lotse/ui/field";
import { Input } from "@lotse/ui/input";
import { applyFieldErrors } from "../../../trpc/field-errors";
import { useTRPC } from "../../../trpc/react";
import { signInAction } from "../actions";

type Values = z.input<typeof signUpInput>;

export function SignUpForm() {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof signUpInput>
  >({
    resolver: zodResolver(signUpInput),
    defaultValues: { name: "", email: "", password: "" },
  });
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      setFormError(applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError));
      return;
    }
    const result = await signInAction({ email: values.email, password: values.password });
    if (result?.error) setFormError(result.error);
  });

  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate>
      <Field label="Name" htmlFor="name" error={errors.name?.message}>
        <Input
          id="name"
          autoComplete="name"
          aria-invalid={!!errors.name}
          aria-describedby="name-error"
          {...register("name")}
        />
      </Field>
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
      <Field
        label="Password"
        htmlFor="password"
        hint="At least 12 characters. A passphrase is fine."
        error={errors.password?.message}
      >
        <Input
          id="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!errors.password}
          aria-describedby="password-hint password-error"
          {...register("password")}
        />
      </Field>
      {formError && (
        <Alert tone="danger" data-testid="sign-up-error">
          {formError}
        </Alert>
      )}
      <Button type="submit" loading={isSubmitting} className="w-full">
        Create account
      </Button>
    </form>
  );
}
