"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { changePasswordInput } from "@lotse/api/schemas";
import { applyFieldErrors } from "../../trpc/field-errors";
import { useTRPC } from "../../trpc/react";

type Values = z.input<typeof changePasswordInput>;

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<
    Values,
    unknown,
    z.output<typeof changePasswordInput>
  >({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setChanged(false);
    try {
      await change.mutateAsync(values);
      reset();
      setChanged(true);
    } catch (error) {
      setFormError(applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError));
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.currentPassword}
          {...register("currentPassword")}
        />
        {errors.currentPassword && <p className="error">{errors.currentPassword.message}</p>}
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!errors.newPassword}
          {...register("newPassword")}
        />
        {errors.newPassword && <p className="error">{errors.newPassword.message}</p>}
      </div>
      {formError && <p className="error">{formError}</p>}
      {changed && (
        <p className="hint" data-testid="password-changed">
          Password changed.
        </p>
      )}
      <div>
        <button className="button" type="submit" disabled={isSubmitting}>
          Change password
        </button>
      </div>
    </form>
  );
}
