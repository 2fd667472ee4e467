"use client";
/**
 * Create and edit an application. Validated in the browser by the same zod schema the API
 * applies (@lotse/api/schemas); the API's field errors land on the same fields.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { useForm, useWatch, type FieldErrors, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import {
  ALL_SCOPES,
  APPLICATION_PLATFORMS,
  applicationSettingsSchema,
  GRANT_TYPES,
  isStandardScope,
  PLATFORM_EXPLANATIONS,
  PLATFORM_TITLES,
  SCOPES,
  STANDARD_CLAIMS,
  SUB_MODE_EXPLANATIONS,
  type ApplicationSettings,
} from "@lotse/api/schemas";
import { KVNR_SCOPE, SUB_MODES } from "@lotse/domain";
import { Button } from "@lotse/ui/button";
import { FieldError, Hint } from "@lotse/ui/field";
import { Check, Input } from "@lotse/ui/input";
import { Code, Skeleton } from "@lotse/ui/layout";
import { Alert } from "@lotse/ui/alert";
import { ChoiceCard, ChoiceGroup, Section, type HeadingLevel } from "./form-sections";
import { TextField } from "./form-field";
import { ApiGrantsSection } from "./api-grants-settings";
import { CibaSection } from "./ciba-settings";
import { TokenExchangeSection } from "./token-exchange-settings";
import { SmartSection } from "./smart-settings";
import { applyFieldErrors } from "../trpc/field-errors";
import { useTRPC } from "../trpc/react";

export type Values = z.input<typeof applicationSettingsSchema>;
export type Form = UseFormReturn<Values, unknown, ApplicationSettings>;

export interface ApiError {
  message: string;
  data?: { fieldErrors?: Record<string, string[]> | null } | null;
}

const TYPE_CHOICES = [
  {
    value: "PUBLIC",
    title: "Public (PKCE)",
    description: "A native or browser app that cannot keep a secret. PKCE (S256) is required.",
  },
  {
    value: "CONFIDENTIAL",
    title: "Confidential",
    description: "A server that keeps a client secret and redeems the code itself.",
  },
] as const;

/** What each scope releases (DESIGN.md §4); the claim names are in the docs. */
const SCOPE_DESCRIPTIONS: Record<(typeof ALL_SCOPES)[number], string> = {
  openid: "Sign-in and an ID token. Required.",
  offline_access: "Refresh tokens; needs the refresh_token grant.",
  "urn:telematik:versicherter": "Health insurance number (KVNR).",
  "urn:telematik:email": "Email address.",
  "urn:telematik:display_name": "Full name for display.",
  "urn:telematik:given_name": "Given name.",
  "urn:telematik:geburtsdatum": "Date of birth.",
  "urn:telematik:geschlecht": "Gender.",
  "urn:telematik:alter": "Age.",
  email: "Standard: email and email_verified.",
  profile: "Standard: name, given_name and birthdate.",
};

const GRANT_DESCRIPTIONS: Record<(typeof GRANT_TYPES)[number], string> = {
  authorization_code:
    "Sign-in in the browser or an app with an authorization code. Required unless the app uses only backchannel login.",
  refresh_token: "New tokens without a new sign-in; needs offline_access.",
};

const LIFETIMES = [
  { name: "accessTokenTtl", label: "Access token", max: 3600 },
  { name: "idTokenTtl", label: "ID token", max: 3600 },
  { name: "refreshTokenTtl", label: "Refresh token", max: 60 * 60 * 24 * 365 },
] as const;

/** "300" → "5 minutes", so nobody converts seconds in their head. */
function readableDuration(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const units = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ] as const;
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${unit}${count === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} seconds`;
}

/**
 * The insurers this application offers in the chooser. Nothing checked means every enabled
 * insurer, including ones the federation adds later; the broker enforces the list on the
 * chooser, the native IDP list and the upstream redirect.
 */
function IdpChoices({ form }: { form: Form }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.application.idpOptions.queryOptions());
  const selected = useWatch({ control: form.control, name: "allowedIdps" }) ?? [];
  const error = form.formState.errors.allowedIdps;
  const toggle = (issuer: string, checked: boolean) =>
    form.setValue(
      "allowedIdps",
      checked ? [...selected, issuer] : selected.filter((value) => value !== issuer),
      { shouldDirty: true, shouldValidate: true },
    );
  return (
    <ChoiceGroup
      legend="Allowed identity providers"
      className="sm:grid-cols-2"
      hint={
        selected.length === 0
          ? "None checked: every enabled insurer is offered, also ones added later."
          : `Only the ${selected.length === 1 ? "checked insurer is" : `${selected.length} checked insurers are`} offered.`
      }
      error={error?.message ?? error?.root?.message}
    >
      {options.isPending ? (
        <>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
        </>
      ) : options.error ? (
        <FieldError message={options.error.message} />
      ) : (
        options.data.map((idp) => {
          const id = `idp-${idp.issuer}`;
          return (
            <ChoiceCard
              key={idp.issuer}
              id={id}
              title={idp.displayName}
              description={
                <>
                  {idp.pkv ? "Private (PKV)" : "Statutory (GKV)"}
                  {!idp.enabled && " · disabled by the platform"} ·{" "}
                  <span className="[overflow-wrap:anywhere]">{idp.issuer}</span>
                </>
              }
              control={
                <Check
                  id={id}
                  checked={selected.includes(idp.issuer)}
                  aria-describedby={`${id}-description`}
                  onChange={(event) => toggle(idp.issuer, event.target.checked)}
                />
              }
            />
          );
        })
      )}
    </ChoiceGroup>
  );
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
  /**
   * Rows are keyed by position (useFieldArray does not take plain strings), and so are their
   * errors: after removing row 0 the next URI moves into row 0 and would inherit its error and
   * aria-invalid. So drop this list's errors and, once the user has tried to submit (before
   * that no error is shown yet), validate the new list at once so each error sits on its URI.
   */
  const replace = (next: string[]) => {
    form.clearErrors(name);
    form.setValue(name, next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  };
  return (
    <fieldset className="m-0 grid min-w-0 gap-2 border-0 p-0">
      <legend className="mb-1 p-0 text-sm font-medium">{label}s</legend>
      <Hint id={`${name}-hint`}>{hint}</Hint>
      {values.length === 0 && (
        <p className="m-0 text-sm text-muted-foreground italic">None registered.</p>
      )}
      {values.map((_, index) => (
        <div key={index} className="grid gap-1">
          <div className="flex items-center gap-2">
            <Input
              type="text"
              inputMode="url"
              spellCheck={false}
              autoComplete="off"
              className="font-mono"
              placeholder="https://app.example/callback"
              aria-label={`${label} ${index + 1}`}
              aria-invalid={!!itemError(index)}
              aria-describedby={`${name}-hint ${name}-${index}-error`}
              data-testid={`${name}-${index}`}
              {...form.register(`${name}.${index}`)}
            />
            <Button
              variant="ghost"
              size="icon"
              className="shrink-0 text-muted-foreground hover:text-destructive"
              aria-label={`Remove ${label} ${index + 1}`}
              title="Remove"
              onClick={() => replace(values.filter((__, i) => i !== index))}
            >
              <Trash2 aria-hidden />
            </Button>
          </div>
          <FieldError id={`${name}-${index}-error`} message={itemError(index)} />
        </div>
      ))}
      <div>
        <Button variant="secondary" size="sm" onClick={() => replace([...values, ""])}>
          <Plus aria-hidden />
          Add URI
        </Button>
      </div>
      <FieldError message={errors?.message ?? errors?.root?.message} />
    </fieldset>
  );
}

export function ApplicationForm({
  organizationId,
  clientId,
  defaultValues,
  submitLabel,
  typeLocked,
  headingLevel = 2,
  status,
  onSubmit,
}: {
  /** The organisation whose applications and APIs the exchange and API sections offer. */
  organizationId: string;
  /** The application's own client id when editing: never offered as its exchange audience. */
  clientId?: string;
  defaultValues: Values;
  submitLabel: string;
  typeLocked?: boolean;
  /** 3 when the form sits under a page section's own h2. */
  headingLevel?: HeadingLevel;
  /** Shown in the save bar next to the button, e.g. "Saved". */
  status?: ReactNode;
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
  const [subMode, type, pkceRequired, standardClaims] = useWatch({
    control: form.control,
    name: ["subMode", "type", "pkceRequired", "standardClaims"],
  });
  const isPublic = type === "PUBLIC";
  // RFC 9700 §2.1.1: a public client always uses PKCE; the switch is not shown for it.
  useEffect(() => {
    if (isPublic && !form.getValues("pkceRequired")) form.setValue("pkceRequired", true);
  }, [isPublic, form]);
  const scopes = standardClaims ? ALL_SCOPES : SCOPES;
  const lifetimes = useWatch({
    control: form.control,
    name: ["accessTokenTtl", "idTokenTtl", "refreshTokenTtl"],
  });
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
    <form className="grid gap-6" onSubmit={submit} noValidate data-testid="application-form">
      <Section
        level={headingLevel}
        title="Basics"
        description="How the application is called and how it authenticates at the broker."
      >
        <TextField form={form} name="name" id="app-name" label="Name" />
        <TextField
          form={form}
          name="logoUri"
          id="app-logo"
          label="Logo URL (optional)"
          hint="An https URL of a square image."
          type="url"
          placeholder="https://app.example/logo.png"
        />
        <ChoiceGroup
          legend="Type"
          disabled={typeLocked}
          className="sm:grid-cols-2"
          hint={typeLocked ? "The type cannot be changed after creation." : undefined}
          error={errors.type?.message}
        >
          {TYPE_CHOICES.map((choice) => (
            <ChoiceCard
              key={choice.value}
              id={`type-${choice.value}`}
              title={choice.title}
              description={choice.description}
              control={
                <Check
                  type="radio"
                  id={`type-${choice.value}`}
                  value={choice.value}
                  aria-describedby={`type-${choice.value}-description`}
                  {...register("type")}
                />
              }
            />
          ))}
        </ChoiceGroup>
        <ChoiceGroup
          legend="Platform"
          className="sm:grid-cols-3"
          hint="Chosen here, not guessed from the redirect URIs."
          error={errors.platform?.message}
        >
          {APPLICATION_PLATFORMS.map((platform) => (
            <ChoiceCard
              key={platform}
              id={`platform-${platform}`}
              title={PLATFORM_TITLES[platform]}
              description={PLATFORM_EXPLANATIONS[platform]}
              control={
                <Check
                  type="radio"
                  id={`platform-${platform}`}
                  value={platform}
                  aria-describedby={`platform-${platform}-description`}
                  data-testid={`platform-${platform}`}
                  {...register("platform")}
                />
              }
            />
          ))}
        </ChoiceGroup>
        {!isPublic && (
          <div className="grid gap-2">
            <ChoiceCard
              id="pkce-required"
              title="Require PKCE"
              description={
                <>
                  Every authorization request must carry a <Code>code_challenge</Code> (S256).
                  Public applications always require it.
                </>
              }
              control={
                <Check
                  id="pkce-required"
                  aria-describedby="pkce-required-description pkce-required-error"
                  aria-invalid={!!errors.pkceRequired}
                  data-testid="pkce-required"
                  {...register("pkceRequired")}
                />
              }
            />
            <FieldError id="pkce-required-error" message={errors.pkceRequired?.message} />
            {!pkceRequired && (
              <Alert tone="warning" data-testid="pkce-warning">
                <p>
                  Without PKCE a stolen authorization code can be redeemed by whoever holds the
                  client secret, and code injection is no longer detected. RFC 9700 §2.1.1
                  recommends PKCE for every client: turn it off only for a client that cannot send
                  it, e.g. a Keycloak identity provider without PKCE.
                </p>
              </Alert>
            )}
          </div>
        )}
      </Section>

      <Section
        level={headingLevel}
        title="Redirects"
        description="Where the broker may send users back. Compared exactly, character by character."
      >
        <UriList
          form={form}
          name="redirectUris"
          label="Redirect URI"
          hint="https, http only for localhost/127.0.0.1, or a private-use scheme like de.example.app:/callback for native apps (platform Native). A native app may also register just an https App Link. No fragments, no wildcards."
        />
        <UriList
          form={form}
          name="postLogoutRedirectUris"
          label="Post-logout redirect URI"
          hint="Where the broker may send users after logout. Same rules."
        />
      </Section>

      <Section
        level={headingLevel}
        title="Subject identifier"
        description="What the sub claim of your ID tokens identifies."
      >
        <ChoiceGroup legend="Subject (sub) mode" error={errors.subMode?.message}>
          {SUB_MODES.map((mode) => (
            <ChoiceCard
              key={mode}
              id={`sub-mode-${mode}`}
              title={<code className="text-[0.85em]">{mode}</code>}
              description={SUB_MODE_EXPLANATIONS[mode]}
              control={
                <Check
                  type="radio"
                  id={`sub-mode-${mode}`}
                  value={mode}
                  aria-describedby={`sub-mode-${mode}-description`}
                  {...register("subMode")}
                />
              }
            />
          ))}
        </ChoiceGroup>
      </Section>

      <Section
        level={headingLevel}
        title="Scopes and grants"
        description="An application receives only the scopes it registered here."
      >
        <div className="grid gap-2">
          <ChoiceCard
            id="standard-claims"
            title="Also release standard OIDC claims (email, profile)"
            description={
              <>
                Adds the scopes <Code>email</Code> and <Code>profile</Code> below, whose claims the
                broker fills from the gematik ones, for clients that read only standard claims (e.g.
                Keycloak&apos;s default mappers).
              </>
            }
            control={
              <Check
                id="standard-claims"
                aria-describedby="standard-claims-description standard-claims-list"
                data-testid="standard-claims"
                {...register("standardClaims", {
                  // Their scopes go with them, so no hidden checkbox stays checked.
                  onChange: (event: { target: { checked: boolean } }) => {
                    if (event.target.checked) return;
                    form.setValue(
                      "allowedScopes",
                      form.getValues("allowedScopes").filter((scope) => !isStandardScope(scope)),
                      { shouldDirty: true, shouldValidate: form.formState.isSubmitted },
                    );
                  },
                })}
              />
            }
          />
          {standardClaims && (
            <table
              id="standard-claims-list"
              className="w-full border-collapse text-left text-sm"
              data-testid="standard-claims-list"
            >
              <caption className="sr-only">Standard claims and their gematik sources</caption>
              <thead className="text-muted-foreground">
                <tr>
                  <th className="py-1 pr-3 font-medium">Claim</th>
                  <th className="py-1 pr-3 font-medium">Scope</th>
                  <th className="py-1 font-medium">From</th>
                </tr>
              </thead>
              <tbody>
                {STANDARD_CLAIMS.map((claim) => (
                  <tr key={claim.claim} className="border-t border-border">
                    <td className="py-1 pr-3">
                      <Code>{claim.claim}</Code>
                    </td>
                    <td className="py-1 pr-3">
                      <Code>{claim.scope}</Code>
                    </td>
                    <td className="py-1 [overflow-wrap:anywhere]">{claim.from}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <ChoiceGroup
          legend="Allowed scopes"
          className="sm:grid-cols-2"
          hint={subMode === "PERSON" ? `PERSON subs need ${KVNR_SCOPE}.` : undefined}
          error={errors.allowedScopes?.message ?? errors.allowedScopes?.root?.message}
        >
          {scopes.map((scope) => (
            <ChoiceCard
              key={scope}
              id={`scope-${scope}`}
              title={<code className="text-[0.85em]">{scope}</code>}
              description={SCOPE_DESCRIPTIONS[scope]}
              control={
                <Check
                  id={`scope-${scope}`}
                  value={scope}
                  aria-describedby={`scope-${scope}-description`}
                  {...register("allowedScopes")}
                />
              }
            />
          ))}
        </ChoiceGroup>
        <ChoiceGroup
          legend="Allowed grant types"
          className="sm:grid-cols-2"
          hint="Backchannel login (the CIBA grant) has its own section below."
          error={errors.allowedGrantTypes?.message ?? errors.allowedGrantTypes?.root?.message}
        >
          {GRANT_TYPES.map((grant) => (
            <ChoiceCard
              key={grant}
              id={`grant-${grant}`}
              title={<code className="text-[0.85em]">{grant}</code>}
              description={GRANT_DESCRIPTIONS[grant]}
              control={
                <Check
                  id={`grant-${grant}`}
                  value={grant}
                  aria-describedby={`grant-${grant}-description`}
                  {...register("allowedGrantTypes")}
                />
              }
            />
          ))}
        </ChoiceGroup>
      </Section>

      <CibaSection form={form} level={headingLevel} />

      <ApiGrantsSection form={form} level={headingLevel} organizationId={organizationId} />

      <TokenExchangeSection
        form={form}
        level={headingLevel}
        organizationId={organizationId}
        clientId={clientId}
      />

      <Section
        level={headingLevel}
        title="Identity providers"
        description="The insurers people can choose when they sign in to this application."
      >
        <IdpChoices form={form} />
      </Section>

      <Section
        level={headingLevel}
        title="Token lifetimes"
        description="In seconds. Short access tokens limit the damage of a leaked token."
      >
        <div className="grid gap-5 sm:grid-cols-3">
          {LIFETIMES.map(({ name, label, max }, index) => (
            <TextField
              key={name}
              form={form}
              name={name}
              id={name}
              label={label}
              hint={`${readableDuration(Number(lifetimes[index])) ?? "—"} · 60 to ${max.toLocaleString("en")} s`}
              registerOptions={{ valueAsNumber: true }}
              type="number"
              inputMode="numeric"
              min={60}
              max={max}
            />
          ))}
        </div>
      </Section>

      <SmartSection form={form} level={headingLevel} />

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
        <Button type="submit" loading={isSubmitting}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
