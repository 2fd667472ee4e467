"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signInInput } from "@lotse/api/schemas";
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
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          aria-invalid={!!errors.email}
          {...register("email")}
        />
        {errors.email && <p className="error">{errors.email.message}</p>}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          {...register("password")}
        />
        {errors.password && <p className="error">{errors.password.message}</p>}
      </div>
      {formError && (
        <p className="error" data-testid="sign-in-error">
          {formError}
        </p>
      )}
      <button className="button" type="submit" disabled={isSubmitting}>
        Sign in
      </button>
    </form>
  );
}
