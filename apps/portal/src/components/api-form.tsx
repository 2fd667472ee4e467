"use client";
/**
 * Create and edit an API (resource server). Validated in the browser by the same zod schema
 * the API applies (@lotse/api/schemas, apis.ts); the API's field errors (e.g. a taken
 * identifier) land on the same fields.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useForm, useWatch, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import {
  API_TOKEN_FORMAT_EXPLANATIONS,
  API_TOKEN_FORMATS,
  API_TOKEN_TTL_MAX,
  apiSettingsSchema,
  type ApiSettings,
} from "@lotse/api/schemas";
import { Button } from "@lotse/ui/button";
import { FieldError, Hint } from "@lotse/ui/field";
import { Check, Input } from "@lotse/ui/input";
import { applyFieldErrors } from "../trpc/field-errors";
import type { ApiError } from "./application-form";
import { ChoiceCard, ChoiceGroup, Section } from "./form-sections";
import { TextField } from "./form-field";

type Values = z.input<typeof apiSettingsSchema>;
type Form = UseFormReturn<Values, unknown, ApiSettings>;

const FORMAT_TITLES = { JWT: "JWT (RFC 9068)", OPAQUE: "Opaque" } as const;

/** The API's scopes, one input each, so every message sits on its scope (scopes.2). */
function ScopeList({ form }: { form: Form }) {
  const values = useWatch({ control: form.control, name: "scopes" });
  const errors = form.formState.errors.scopes as
    | (Record<number, { message?: string } | undefined> & {
        message?: string;
        root?: { message?: string };
      })
    | undefined;
  // Rows are keyed by position, like the redirect URIs of the application form: drop the
  // list's errors on a change and validate again once the user has tried to submit.
  const replace = (next: string[]) => {
    form.clearErrors("scopes");
    form.setValue("scopes", next, {
      shouldDirty: true,
      shouldValidate: form.formState.isSubmitted,
    });
  };
  return (
    <fieldset className="m-0 grid min-w-0 gap-2 border-0 p-0">
      <legend className="mb-1 p-0 text-sm font-medium">Scopes</legend>
      <Hint id="scopes-hint">
        The permissions your API checks, e.g. <code>user_api.full_access</code>: letters, digits and{" "}
        <code>_ . : -</code>, up to 64 characters. Not openid, offline_access, email, profile,
        gematik or SMART scopes.
      </Hint>
      {values.map((_, index) => (
        <div key={index} className="grid gap-1">
          <div className="flex items-center gap-2">
            <Input
              spellCheck={false}
              autoComplete="off"
              className="font-mono"
              placeholder="user_api.full_access"
              aria-label={`Scope ${index + 1}`}
              aria-invalid={!!errors?.[index]?.message}
              aria-describedby={`scopes-hint scopes-${index}-error`}
              data-testid={`api-scope-${index}`}
              {...form.register(`scopes.${index}`)}
            />
            <Button
              variant="ghost"
              size="icon"
              className="shrink-0 text-muted-foreground hover:text-destructive"
              aria-label={`Remove scope ${index + 1}`}
              title="Remove"
              onClick={() => replace(values.filter((__, i) => i !== index))}
            >
              <Trash2 aria-hidden />
            </Button>
          </div>
          <FieldError id={`scopes-${index}-error`} message={errors?.[index]?.message} />
        </div>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          data-testid="api-add-scope"
          onClick={() => replace([...values, ""])}
        >
          <Plus aria-hidden />
          Add scope
        </Button>
      </div>
      <FieldError message={errors?.message ?? errors?.root?.message} />
    </fieldset>
  );
}

export function ApiForm({
  defaultValues,
  submitLabel,
  identifierLocked,
  status,
  onSubmit,
}: {
  defaultValues: Values;
  submitLabel: string;
  /** After creation: issued tokens carry the identifier as their audience. */
  identifierLocked?: boolean;
  status?: ReactNode;
  onSubmit: (values: ApiSettings) => Promise<void>;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const form: Form = useForm<Values, unknown, ApiSettings>({
    resolver: zodResolver(apiSettingsSchema),
    defaultValues,
  });
  const { errors, isSubmitting } = form.formState;
  const errorCount = Object.keys(errors).length;

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (error) {
      setFormError(applyFieldErrors(error as ApiError, form.setError, "settings."));
    }
  });

  return (
    <form className="grid gap-6" onSubmit={submit} noValidate data-testid="api-form">
      <Section
        level={2}
        title="API"
        description="A resource server of your organization: its access tokens carry its identifier as the audience and only its scopes."
      >
        <TextField form={form} name="name" id="api-name" label="Name" data-testid="api-name" />
        <TextField
          form={form}
          name="identifier"
          id="api-identifier"
          label="Identifier (audience)"
          hint={
            identifierLocked
              ? "Cannot be changed: issued tokens carry it as their audience. Register a new API instead."
              : "An absolute URI, unique across Lotse: https (http only for localhost/127.0.0.1), no fragment. Apps send it as resource=…, your API checks it as aud."
          }
          readOnly={identifierLocked}
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          className="font-mono"
          placeholder="https://api.example.com"
          data-testid="api-identifier"
        />
        <ScopeList form={form} />
      </Section>
      <Section level={2} title="Access tokens" description="What the broker issues for this API.">
        <ChoiceGroup
          legend="Token format"
          className="sm:grid-cols-2"
          error={errors.tokenFormat?.message}
        >
          {API_TOKEN_FORMATS.map((format) => (
            <ChoiceCard
              key={format}
              id={`api-token-format-${format}`}
              title={FORMAT_TITLES[format]}
              description={API_TOKEN_FORMAT_EXPLANATIONS[format]}
              control={
                <Check
                  type="radio"
                  id={`api-token-format-${format}`}
                  value={format}
                  aria-describedby={`api-token-format-${format}-description`}
                  data-testid={`api-token-format-${format}`}
                  {...form.register("tokenFormat")}
                />
              }
            />
          ))}
        </ChoiceGroup>
        <TextField
          form={form}
          name="accessTokenTtl"
          id="api-ttl"
          label="Access token lifetime"
          hint={`In seconds: 60 to ${API_TOKEN_TTL_MAX.toLocaleString("en")} (one day).`}
          registerOptions={{ valueAsNumber: true }}
          type="number"
          inputMode="numeric"
          min={60}
          max={API_TOKEN_TTL_MAX}
          className="max-w-40"
          data-testid="api-ttl"
        />
      </Section>
      <div className="flex flex-wrap items-center justify-end gap-3 rounded-xl border border-border bg-card px-5 py-3 shadow-xs">
        <div className="mr-auto min-w-0 text-sm">
          {formError ? (
            <FieldError message={formError} />
          ) : errorCount > 0 ? (
            <p className="m-0 text-destructive" role="status">
              {errorCount === 1
                ? "One field needs your attention."
                : `${errorCount} fields need your attention.`}
            </p>
          ) : (
            status
          )}
        </div>
        <Button type="submit" loading={isSubmitting} data-testid="api-save">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
