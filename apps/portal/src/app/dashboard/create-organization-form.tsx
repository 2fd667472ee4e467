"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createOrganizationInput } from "@lotse/api/schemas";
import { Button } from "@lotse/ui/button";
import { Field, FieldError } from "@lotse/ui/field";
import { Input } from "@lotse/ui/input";
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
    <form className="grid max-w-xl gap-4" onSubmit={onSubmit} noValidate>
      <Field label="Organization name" htmlFor="org-name" error={errors.name?.message}>
        <Input
          id="org-name"
          aria-invalid={!!errors.name}
          aria-describedby="org-name-error"
          {...register("name")}
        />
      </Field>
      <Field
        label="Short name (slug)"
        htmlFor="org-slug"
        hint="Lowercase letters, digits and dashes, e.g. praxis-nord."
        error={errors.slug?.message}
      >
        <Input
          id="org-slug"
          aria-invalid={!!errors.slug}
          aria-describedby="org-slug-hint org-slug-error"
          {...register("slug")}
        />
      </Field>
      <FieldError message={formError} />
      <div>
        <Button type="submit" loading={isSubmitting}>
          Create organization
        </Button>
      </div>
    </form>
  );
}
