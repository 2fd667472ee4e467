"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { changePasswordInput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { TextField } from "~/components/form-field";
import { applyFieldErrors } from "~/trpc/field-errors";
import { useTRPC } from "~/trpc/react";
import { renewSessionAction } from "./actions";

type Values = z.input<typeof changePasswordInput>;

export function ChangePasswordForm({
  email,
  changedBefore = false,
}: {
  email: string;
  /** Back from the sign-in that follows a change (renewSessionAction). */
  changedBefore?: boolean;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [changed, setChanged] = useState(changedBefore);
  const form = useForm<Values, unknown, z.output<typeof changePasswordInput>>({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const { handleSubmit, setError, reset, formState } = form;
  const { isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setChanged(false);
    try {
      await change.mutateAsync(values);
      reset();
      setChanged(true);
      // The change ended every session, this one too: sign this browser in again (it
      // comes back to this page). Should that fail, the next page asks to sign in.
      await renewSessionAction({ email, password: values.newPassword });
    } catch (error) {
      setFormError(applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError));
    }
  });

  return (
    <form className="grid max-w-md gap-4" onSubmit={onSubmit} noValidate>
      <TextField
        form={form}
        name="currentPassword"
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <TextField
        form={form}
        name="newPassword"
        id="new-password"
        label="New password"
        hint="At least 12 characters. A passphrase is fine."
        type="password"
        autoComplete="new-password"
      />
      {formError && <Alert tone="danger">{formError}</Alert>}
      {changed && (
        <Alert tone="success" data-testid="password-changed">
          Password changed.
        </Alert>
      )}
      <div>
        <Button type="submit" loading={isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}
