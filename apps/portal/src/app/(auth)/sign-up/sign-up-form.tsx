"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signUpInput } from "@lotse/api/schemas";
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
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input
          id="name"
          type="text"
          autoComplete="name"
          aria-invalid={!!errors.name}
          {...register("name")}
        />
        {errors.name && <p className="error">{errors.name.message}</p>}
      </div>
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
          autoComplete="new-password"
          aria-invalid={!!errors.password}
          aria-describedby="password-hint"
          {...register("password")}
        />
        <p className="hint" id="password-hint">
          At least 12 characters. A passphrase is fine.
        </p>
        {errors.password && <p className="error">{errors.password.message}</p>}
      </div>
      {formError && <p className="error">{formError}</p>}
      <button className="button" type="submit" disabled={isSubmitting}>
        Create account
      </button>
    </form>
  );
}
