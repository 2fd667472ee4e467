"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { upstreamIdpDisplayInput, type AdminUpstreamIdpOutput } from "@lotse/api/schemas";
import { applyFieldErrors } from "../../../trpc/field-errors";
import { useTRPC } from "../../../trpc/react";

type Values = z.input<typeof upstreamIdpDisplayInput>;

/** Name and logo of one IDP, checked with the same schema as admin.updateUpstreamIdp. */
export function IdpDisplayForm({
  idp,
  onDone,
}: {
  idp: AdminUpstreamIdpOutput;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof upstreamIdpDisplayInput>
  >({
    resolver: zodResolver(upstreamIdpDisplayInput),
    defaultValues: { displayName: idp.displayName, logoUri: idp.logoUri ?? "" },
  });
  const update = useMutation(trpc.admin.updateUpstreamIdp.mutationOptions());
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (display) => {
    setFormError(null);
    try {
      await update.mutateAsync({ idpId: idp.id, display });
      onDone();
    } catch (error) {
      setFormError(
        applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError, "display."),
      );
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Edit ${idp.displayName}`}>
      <div className="field">
        <label htmlFor={`idp-name-${idp.id}`}>Display name</label>
        <input
          id={`idp-name-${idp.id}`}
          type="text"
          aria-invalid={!!errors.displayName}
          {...register("displayName")}
        />
        {errors.displayName && <p className="error">{errors.displayName.message}</p>}
      </div>
      <div className="field">
        <label htmlFor={`idp-logo-${idp.id}`}>Logo URL</label>
        <input
          id={`idp-logo-${idp.id}`}
          type="url"
          aria-invalid={!!errors.logoUri}
          {...register("logoUri")}
        />
        <p className="hint">An https URL, or empty for no logo.</p>
        {errors.logoUri && <p className="error">{errors.logoUri.message}</p>}
      </div>
      {formError && <p className="error">{formError}</p>}
      <div className="row">
        <button className="button" type="submit" disabled={isSubmitting}>
          Save
        </button>
        <button className="button secondary" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
