"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signUpInput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { TextField } from "~/components/form-field";
import { applyFieldErrors } from "~/trpc/field-errors";
import { useTRPC } from "~/trpc/react";
import { signInAction } from "../actions";

type Values = z.input<typeof signUpInput>;

export function SignUpForm() {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof signUpInput>>({
    resolver: zodResolver(signUpInput),
    defaultValues: { name: "", email: "", password: "" },
  });
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const { handleSubmit, setError, formState } = form;
  const { isSubmitting } = formState;

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
      <TextField form={form} name="name" id="name" label="Name" autoComplete="name" />
      <TextField
        form={form}
        name="email"
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
      />
      <TextField
        form={form}
        name="password"
        id="password"
        label="Password"
        hint="At least 12 characters. A passphrase is fine."
        type="password"
        autoComplete="new-password"
      />
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
