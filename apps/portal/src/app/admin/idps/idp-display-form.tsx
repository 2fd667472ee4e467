"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { upstreamIdpDisplayInput, type AdminUpstreamIdpOutput } from "@lotse/api/schemas";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { TextField } from "~/components/form-field";
import { applyFieldErrors } from "~/trpc/field-errors";
import { useTRPC } from "~/trpc/react";

type Values = z.input<typeof upstreamIdpDisplayInput>;

/** Name and logo of one IDP, checked with the same schema as admin.updateUpstreamIdp. */
export function IdpDisplayForm({
  idp,
  onSaved,
  onCancel,
}: {
  idp: AdminUpstreamIdpOutput;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof upstreamIdpDisplayInput>>({
    resolver: zodResolver(upstreamIdpDisplayInput),
    defaultValues: { displayName: idp.displayName, logoUri: idp.logoUri ?? "" },
  });
  const update = useMutation(trpc.admin.updateUpstreamIdp.mutationOptions());
  const { handleSubmit, setError, formState } = form;
  const { isSubmitting } = formState;

  const onSubmit = handleSubmit(async (display) => {
    setFormError(null);
    try {
      await update.mutateAsync({ idpId: idp.id, display });
      onSaved();
    } catch (error) {
      setFormError(
        applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError, "display."),
      );
    }
  });

  return (
    <form
      className="grid gap-4"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Edit ${idp.displayName}`}
    >
      <TextField form={form} name="displayName" id={`idp-name-${idp.id}`} label="Display name" />
      <TextField
        form={form}
        name="logoUri"
        id={`idp-logo-${idp.id}`}
        label="Logo URL"
        hint="An https URL, or empty for no logo."
        type="url"
        inputMode="url"
      />
      {formError && <Alert tone="danger">{formError}</Alert>}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" loading={isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
