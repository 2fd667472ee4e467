"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createOrganizationInput } from "@lotse/api/schemas";
import { applyFieldErrors } from "../../trpc/field-errors";
import { useTRPC } from "../../trpc/react";

type Values = z.input<typeof createOrganizationInput>;

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<
    Values,
    unknown,
    z.output<typeof createOrganizationInput>
  >({ resolver: zodResolver(createOrganizationInput), defaultValues: { name: "", slug: "" } });
  const create = useMutation(trpc.organization.create.mutationOptions());
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await create.mutateAsync(values);
      reset();
      router.refresh();
    } catch (error) {
      setFormError(applyFieldErrors(error as Parameters<typeof applyFieldErrors>[0], setError));
    }
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="org-name">Organization name</label>
        <input id="org-name" type="text" aria-invalid={!!errors.name} {...register("name")} />
        {errors.name && <p className="error">{errors.name.message}</p>}
      </div>
      <div className="field">
        <label htmlFor="org-slug">Short name (slug)</label>
        <input id="org-slug" type="text" aria-invalid={!!errors.slug} {...register("slug")} />
        <p className="hint">Lowercase letters, digits and dashes, e.g. praxis-nord.</p>
        {errors.slug && <p className="error">{errors.slug.message}</p>}
      </div>
      {formError && <p className="error">{formError}</p>}
      <div>
        <button className="button" type="submit" disabled={isSubmitting}>
          Create organization
        </button>
      </div>
    </form>
  );
}
