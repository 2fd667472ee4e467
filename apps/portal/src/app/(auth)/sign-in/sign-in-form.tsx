"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signInInput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { TextField } from "~/components/form-field";
import { signInAction } from "../actions";

type Values = z.input<typeof signInInput>;

export function SignInForm({ next }: { next?: string | undefined }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof signInInput>>({
    resolver: zodResolver(signInInput),
    defaultValues: { email: "", password: "" },
  });
  const { handleSubmit, formState } = form;
  const { isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signInAction({ ...values, next });
    if (result?.error) setFormError(result.error);
  });

  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate>
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
        type="password"
        autoComplete="current-password"
      />
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
