"use client";
/**
 * The "API access" part of the application form: which scopes of which of the
 * organisation's APIs (resource servers) the application may request. Each checked scope is
 * an ApplicationApiGrant; the broker then issues access tokens for that API (RFC 8707) with
 * only those scopes. The service checks that every API and scope exists in the organisation.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useWatch } from "react-hook-form";
import { FieldError } from "@lotse/ui/field";
import { Check } from "@lotse/ui/input";
import { Code, Skeleton } from "@lotse/ui/layout";
import { useTRPC } from "../trpc/react";
import type { Form } from "./application-form";
import { Section, type HeadingLevel } from "./form-sections";

export function ApiGrantsSection({
  form,
  level,
  organizationId,
}: {
  form: Form;
  level: HeadingLevel;
  organizationId: string;
}) {
  const trpc = useTRPC();
  const apis = useQuery(trpc.api.list.queryOptions({ organizationId }));
  const grants = useWatch({ control: form.control, name: "apiGrants" }) ?? [];
  const errors = form.formState.errors.apiGrants;

  const scopesOf = (identifier: string) =>
    grants.find((grant) => grant.identifier === identifier)?.scopes ?? [];
  const toggle = (identifier: string, scope: string, checked: boolean) => {
    const current = scopesOf(identifier);
    const scopes = checked ? [...current, scope] : current.filter((value) => value !== scope);
    const others = grants.filter((grant) => grant.identifier !== identifier);
    form.clearErrors("apiGrants");
    form.setValue("apiGrants", scopes.length > 0 ? [...others, { identifier, scopes }] : others, {
      shouldDirty: true,
    });
  };
  /** A message the API put on one entry (settings.apiGrants.<index>). */
  const errorOf = (identifier: string) => {
    const index = grants.findIndex((grant) => grant.identifier === identifier);
    const entry = index >= 0 ? (errors as Record<number, unknown> | undefined)?.[index] : undefined;
    return (entry as { message?: string; scopes?: { message?: string } } | undefined)?.message;
  };

  return (
    <Section
      level={level}
      title="API access"
      description={
        <>
          Scopes of your organization&apos;s APIs this application may request. It asks with{" "}
          <Code>resource=&lt;API identifier&gt;</Code> or just the scopes, and receives an access
          token for that API.
        </>
      }
    >
      {apis.isPending ? (
        <Skeleton className="h-14" />
      ) : apis.error ? (
        <FieldError message={apis.error.message} />
      ) : apis.data.length === 0 ? (
        <p className="m-0 text-sm text-muted-foreground">
          Your organization has no APIs yet.{" "}
          <Link href={`/orgs/${organizationId}/apis/new`}>Register an API</Link> to grant its scopes
          here.
        </p>
      ) : (
        apis.data.map((api) => (
          <fieldset key={api.id} className="m-0 grid min-w-0 gap-2 border-0 p-0">
            <legend className="mb-1 p-0 text-sm font-medium">
              {api.name} <Code className="text-[0.85em]">{api.identifier}</Code>
            </legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {api.scopes.map((scope) => {
                const id = `api-grant-${api.identifier}-${scope}`;
                return (
                  <label key={scope} htmlFor={id} className="flex items-center gap-2 text-sm">
                    <Check
                      id={id}
                      data-testid={id}
                      checked={scopesOf(api.identifier).includes(scope)}
                      onChange={(event) => toggle(api.identifier, scope, event.target.checked)}
                    />
                    <code className="text-[0.85em]">{scope}</code>
                  </label>
                );
              })}
            </div>
            <FieldError message={errorOf(api.identifier)} />
          </fieldset>
        ))
      )}
      <FieldError message={errors?.message ?? errors?.root?.message} />
    </Section>
  );
}
