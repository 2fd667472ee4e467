"use client";
/**
 * The "SMART on FHIR" part of the application form (SMART App Launch 2.2): where the EHR
 * opens the app, which FHIR server it works against, which SMART scopes it may be granted
 * and who uses it. Validated by the same schema as the API (@lotse/api/schemas, smart.ts).
 */
import { Plus, Trash2 } from "lucide-react";
import { useWatch } from "react-hook-form";
import { SMART_LAUNCH_SCOPE_DESCRIPTIONS, SMART_USER_TYPE_EXPLANATIONS } from "@lotse/api/schemas";
import { SMART_LAUNCH_SCOPES, SMART_USER_TYPES } from "@lotse/domain";
import { Button } from "@lotse/ui/button";
import { FieldError, Hint } from "@lotse/ui/field";
import { Check, Input } from "@lotse/ui/input";
import { Code } from "@lotse/ui/layout";
import type { Form } from "./application-form";
import { ChoiceCard, ChoiceGroup, Section, type HeadingLevel } from "./form-sections";
import { TextField } from "./form-field";

const USER_TYPE_TITLES = { PATIENT: "Patient", PRACTITIONER: "Practitioner" } as const;

/** Resource scopes as a list of inputs, each with its own error (smart.resourceScopes.N). */
function ResourceScopeList({ form }: { form: Form }) {
  const values = useWatch({ control: form.control, name: "smart.resourceScopes" }) ?? [];
  const errors = form.formState.errors.smart?.resourceScopes as
    | (Record<number, { message?: string } | undefined> & {
        message?: string;
        root?: { message?: string };
      })
    | undefined;
  // Rows are keyed by position, like the redirect URIs: see UriList for why errors are reset.
  const replace = (next: string[]) => {
    form.clearErrors("smart.resourceScopes");
    form.setValue("smart.resourceScopes", next, {
      shouldDirty: true,
      shouldValidate: form.formState.isSubmitted,
    });
  };
  return (
    <fieldset className="m-0 grid min-w-0 gap-2 border-0 p-0">
      <legend className="mb-1 p-0 text-sm font-medium">Resource scopes</legend>
      <Hint id="smart-resource-scopes-hint">
        SMART v2 or v1 syntax, e.g. <Code>patient/Observation.rs</Code>, <Code>user/*.rs</Code>,{" "}
        <Code>patient/*.read</Code> or a granular{" "}
        <Code>patient/Observation.rs?category=…|laboratory</Code>. <Code>patient/</Code> reaches
        only the launch&apos;s patient, <Code>user/</Code> whatever the user may see.{" "}
        <Code>system/</Code> scopes are not accepted yet: they belong to backend services that sign
        in without a user (client credentials), which Lotse does not offer.
      </Hint>
      {values.length === 0 && (
        <p className="m-0 text-sm text-muted-foreground italic">None registered.</p>
      )}
      {values.map((_, index) => {
        const message = errors?.[index]?.message;
        return (
          <div key={index} className="grid gap-1">
            <div className="flex items-center gap-2">
              <Input
                type="text"
                spellCheck={false}
                autoComplete="off"
                className="font-mono"
                placeholder="patient/Observation.rs"
                aria-label={`Resource scope ${index + 1}`}
                aria-invalid={!!message}
                aria-describedby={`smart-resource-scopes-hint smart-resource-scopes-${index}-error`}
                data-testid={`smart-resource-scopes-${index}`}
                {...form.register(`smart.resourceScopes.${index}`)}
              />
              <Button
                variant="ghost"
                size="icon"
                className="shrink-0 text-muted-foreground hover:text-destructive"
                aria-label={`Remove resource scope ${index + 1}`}
                title="Remove"
                onClick={() => replace(values.filter((__, i) => i !== index))}
              >
                <Trash2 aria-hidden />
              </Button>
            </div>
            <FieldError id={`smart-resource-scopes-${index}-error`} message={message} />
          </div>
        );
      })}
      <div>
        <Button
          variant="secondary"
          size="sm"
          data-testid="smart-add-resource-scope"
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

export function SmartSection({ form, level }: { form: Form; level: HeadingLevel }) {
  const enabled = useWatch({ control: form.control, name: "smart.enabled" });
  const errors = form.formState.errors.smart;
  return (
    <Section
      level={level}
      title="SMART on FHIR"
      description="Launch this application from an EHR or standalone against a FHIR server (SMART App Launch 2.2). PKCE is required, as for every application."
    >
      <ChoiceCard
        id="smart-enabled"
        title="Enable SMART App Launch"
        description="The broker then accepts launch and FHIR resource scopes for this application, and the portal offers a SMART launcher."
        control={
          <Check
            id="smart-enabled"
            aria-describedby="smart-enabled-description"
            data-testid="smart-enabled"
            {...form.register("smart.enabled")}
          />
        }
      />
      {enabled && (
        <>
          <TextField
            form={form}
            name="smart.launchUrl"
            id="smart-settings-launch-url"
            label="Launch URL"
            hint="Where an EHR opens the app with iss and launch. https, or http only for localhost/127.0.0.1; no fragment."
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
            placeholder="https://app.example/launch"
            data-testid="smart-settings-launch-url"
          />
          <TextField
            form={form}
            name="smart.fhirBaseUrl"
            id="smart-settings-fhir-base-url"
            label="FHIR base URL"
            hint="The FHIR server the app works against; sent as iss and the access token's audience. Same URL rules, no query, no trailing slash."
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            className="font-mono"
            placeholder="https://fhir.example/r4"
            data-testid="smart-settings-fhir-base-url"
          />
          <ChoiceGroup
            legend="Launch scopes"
            className="sm:grid-cols-2"
            error={errors?.launchScopes?.message ?? errors?.launchScopes?.root?.message}
          >
            {SMART_LAUNCH_SCOPES.map((scope) => {
              const id = `smart-scope-${scope.replace("/", "-")}`;
              return (
                <ChoiceCard
                  key={scope}
                  id={id}
                  title={<code className="text-[0.85em]">{scope}</code>}
                  description={SMART_LAUNCH_SCOPE_DESCRIPTIONS[scope]}
                  control={
                    <Check
                      id={id}
                      value={scope}
                      aria-describedby={`${id}-description`}
                      {...form.register("smart.launchScopes")}
                    />
                  }
                />
              );
            })}
          </ChoiceGroup>
          <ResourceScopeList form={form} />
          <ChoiceGroup
            legend="Used by"
            className="sm:grid-cols-2"
            error={errors?.userType?.message}
          >
            {SMART_USER_TYPES.map((type) => (
              <ChoiceCard
                key={type}
                id={`smart-user-type-${type}`}
                title={USER_TYPE_TITLES[type]}
                description={SMART_USER_TYPE_EXPLANATIONS[type]}
                control={
                  <Check
                    type="radio"
                    id={`smart-user-type-${type}`}
                    value={type}
                    aria-describedby={`smart-user-type-${type}-description`}
                    {...form.register("smart.userType")}
                  />
                }
              />
            ))}
          </ChoiceGroup>
        </>
      )}
    </Section>
  );
}
