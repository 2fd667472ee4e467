"use client";
/**
 * Create and edit an application. Validated in the browser by the same zod schema the API
 * applies (@lotse/api/schemas); the API's field errors land on the same fields.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import {
  applicationSettingsSchema,
  GRANT_TYPES,
  SCOPES,
  SUB_MODE_EXPLANATIONS,
  SUB_MODES,
  type ApplicationSettings,
} from "@lotse/api/schemas";
import { applyFieldErrors } from "../trpc/field-errors";

type Values = z.input<typeof applicationSettingsSchema>;
type Form = UseFormReturn<Values, unknown, ApplicationSettings>;

export interface ApiError {
  message: string;
  data?: { fieldErrors?: Record<string, string[]> | null } | null;
}

function FieldError({ message, id }: { message: string | undefined; id?: string }) {
  return message ? (
    <p className="error" id={id} role="status">
      {message}
    </p>
  ) : null;
}

function UriList({
  form,
  name,
  label,
  hint,
}: {
  form: Form;
  name: "redirectUris" | "postLogoutRedirectUris";
  label: string;
  hint: string;
}) {
  const values = useWatch({ control: form.control, name });
  const errors = form.formState.errors[name] as
    (FieldErrors<Values>[typeof name] & { message?: string }) | undefined;
  const itemError = (index: number) =>
    (errors as Record<number, { message?: string } | undefined> | undefined)?.[index]?.message;
  return (
    <fieldset className="field">
      <legend>{label}</legend>
      <p className="hint">{hint}</p>
      {values.map((_, index) => (
        <div key={index}>
          <div className="row">
            <input
              type="text"
              aria-label={`${label} ${index + 1}`}
              aria-invalid={!!itemError(index)}
              data-testid={`${name}-${index}`}
              {...form.register(`${name}.${index}`)}
            />
            <button
              type="button"
              className="button secondary"
              aria-label={`Remove ${label} ${index + 1}`}
              onClick={() =>
                form.setValue(
                  name,
                  values.filter((__, i) => i !== index),
                  { shouldDirty: true },
                )
              }
            >
              Remove
            </button>
          </div>
          <FieldError message={itemError(index)} />
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button secondary"
          onClick={() => form.setValue(name, [...values, ""], { shouldDirty: true })}
        >
          Add URI
        </button>
      </div>
      <FieldError message={errors?.message ?? errors?.root?.message} />
    </fieldset>
  );
}

export function ApplicationForm({
  defaultValues,
  submitLabel,
  typeLocked,
  onSubmit,
}: {
  defaultValues: Values;
  submitLabel: string;
  typeLocked?: boolean;
  /** Saves; a rejected promise with the API's error puts its messages on the fields. */
  onSubmit: (values: ApplicationSettings) => Promise<void>;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const form: Form = useForm<Values, unknown, ApplicationSettings>({
    resolver: zodResolver(applicationSettingsSchema),
    defaultValues,
  });
  const { register, formState } = form;
  const { errors, isSubmitting } = formState;
  const subMode = useWatch({ control: form.control, name: "subMode" });

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (error) {
      setFormError(applyFieldErrors(error as ApiError, form.setError, "settings."));
    }
  });

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="application-form">
      <div className="field">
        <label htmlFor="app-name">Name</label>
        <input id="app-name" type="text" aria-invalid={!!errors.name} {...register("name")} />
        <FieldError message={errors.name?.message} />
      </div>
      <div className="field">
        <label htmlFor="app-logo">Logo URL (optional)</label>
        <input id="app-logo" type="url" aria-invalid={!!errors.logoUri} {...register("logoUri")} />
        <FieldError message={errors.logoUri?.message} />
      </div>
      <fieldset className="field" disabled={typeLocked}>
        <legend>Type</legend>
        <label className="choice">
          <input type="radio" value="CONFIDENTIAL" {...register("type")} /> Confidential — a server
          that can keep a client secret
        </label>
        <label className="choice">
          <input type="radio" value="PUBLIC" {...register("type")} /> Public — a native or browser
          app: no secret, PKCE (S256) required
        </label>
        {typeLocked && <p className="hint">The type cannot be changed after creation.</p>}
        <FieldError message={errors.type?.message} />
      </fieldset>
      <UriList
        form={form}
        name="redirectUris"
        label="Redirect URI"
        hint="Exact match. https, http only for localhost/127.0.0.1, or a private-use scheme like de.example.app:/callback for native apps. No fragments, no wildcards."
      />
      <UriList
        form={form}
        name="postLogoutRedirectUris"
        label="Post-logout redirect URI"
        hint="Where the broker may send users after logout. Same rules."
      />
      <fieldset className="field">
        <legend>Subject (sub) mode</legend>
        {SUB_MODES.map((mode) => (
          <label className="choice" key={mode}>
            <input type="radio" value={mode} {...register("subMode")} /> <strong>{mode}</strong>
            {" — "}
            <span className="hint">{SUB_MODE_EXPLANATIONS[mode]}</span>
          </label>
        ))}
        <FieldError message={errors.subMode?.message} />
      </fieldset>
      <fieldset className="field">
        <legend>Allowed scopes</legend>
        {SCOPES.map((scope) => (
          <label className="choice" key={scope}>
            <input type="checkbox" value={scope} {...register("allowedScopes")} />{" "}
            <code>{scope}</code>
          </label>
        ))}
        {subMode === "PERSON" && (
          <p className="hint">PERSON subs need urn:telematik:versicherter.</p>
        )}
        <FieldError
          message={errors.allowedScopes?.message ?? errors.allowedScopes?.root?.message}
        />
      </fieldset>
      <fieldset className="field">
        <legend>Allowed grant types</legend>
        {GRANT_TYPES.map((grant) => (
          <label className="choice" key={grant}>
            <input type="checkbox" value={grant} {...register("allowedGrantTypes")} />{" "}
            <code>{grant}</code>
          </label>
        ))}
        <FieldError
          message={errors.allowedGrantTypes?.message ?? errors.allowedGrantTypes?.root?.message}
        />
      </fieldset>
      <fieldset className="field">
        <legend>Token lifetimes (seconds)</legend>
        {(
          [
            ["accessTokenTtl", "Access token"],
            ["idTokenTtl", "ID token"],
            ["refreshTokenTtl", "Refresh token"],
          ] as const
        ).map(([name, label]) => (
          <div className="field" key={name}>
            <label htmlFor={name}>{label}</label>
            <input
              id={name}
              type="number"
              aria-invalid={!!errors[name]}
              {...register(name, { valueAsNumber: true })}
            />
            <FieldError message={errors[name]?.message} />
          </div>
        ))}
      </fieldset>
      {formError && <p className="error">{formError}</p>}
      <div>
        <button className="button" type="submit" disabled={isSubmitting}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
