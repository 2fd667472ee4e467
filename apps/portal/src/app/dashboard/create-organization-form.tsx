"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createOrganizationInput } from "@lotse/api/schemas";
import { Button } from "@lotse/ui/button";
import { FieldError } from "@lotse/ui/field";
import { TextField } from "~/components/form-field";
import { applyFieldErrors } from "~/trpc/field-errors";
import { useTRPC } from "~/trpc/react";

type Values = z.input<typeof createOrganizationInput>;

export function CreateOrganizationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof createOrganizationInput>>({
    resolver: zodResolver(createOrganizationInput),
    defaultValues: { name: "", slug: "" },
  });
  const create = useMutation(trpc.organization.create.mutationOptions());
  const { handleSubmit, setError, reset, formState } = form;
  const { isSubmitting } = formState;

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
      <TextField form={form} name="name" id="org-name" label="Organization name" />
      <TextField
        form={form}
        name="slug"
        id="org-slug"
        label="Short name (slug)"
        hint="Lowercase letters, digits and dashes, e.g. praxis-nord."
      />
      <FieldError message={formError} />
      <div>
        <Button type="submit" loading={isSubmitting}>
          Create organization
        </Button>
      </div>
    </form>
  );
}
