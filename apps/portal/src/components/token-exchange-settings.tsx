"use client";
/**
 * The "Token exchange" part of the application form (RFC 8693): whether the application may
 * exchange a token it holds at the token endpoint, and for which audiences, chosen among the
 * organisation's other applications (client ids) and APIs (identifiers). The service refuses
 * audiences of another organisation and the application itself.
 */
import { useQuery } from "@tanstack/react-query";
import { useWatch } from "react-hook-form";
import { TOKEN_EXCHANGE_GRANT_TYPE } from "@lotse/api/schemas";
import { FieldError } from "@lotse/ui/field";
import { Check } from "@lotse/ui/input";
import { Code, Skeleton } from "@lotse/ui/layout";
import { useTRPC } from "../trpc/react";
import type { Form } from "./application-form";
import { ChoiceCard, ChoiceGroup, Section, type HeadingLevel } from "./form-sections";

export function TokenExchangeSection({
  form,
  level,
  organizationId,
  clientId,
}: {
  form: Form;
  level: HeadingLevel;
  organizationId: string;
  clientId: string | undefined;
}) {
  const trpc = useTRPC();
  const [enabled, audiences = []] = useWatch({
    control: form.control,
    name: ["tokenExchange.enabled", "tokenExchange.audiences"],
  });
  const applications = useQuery({
    ...trpc.application.list.queryOptions({ organizationId }),
    enabled: !!enabled,
  });
  const apis = useQuery({ ...trpc.api.list.queryOptions({ organizationId }), enabled: !!enabled });
  const errors = form.formState.errors.tokenExchange;
  const toggle = (value: string, checked: boolean) =>
    form.setValue(
      "tokenExchange.audiences",
      checked ? [...audiences, value] : audiences.filter((audience) => audience !== value),
      { shouldDirty: true, shouldValidate: form.formState.isSubmitted },
    );

  const options = [
    ...(applications.data ?? [])
      .filter((application) => application.clientId !== clientId)
      .map((application) => ({
        value: application.clientId,
        title: application.name,
        kind: "Application",
      })),
    ...(apis.data ?? []).map((api) => ({ value: api.identifier, title: api.name, kind: "API" })),
  ];
  const loading = applications.isPending || apis.isPending;
  const loadError = applications.error ?? apis.error;

  return (
    <Section
      level={level}
      title="Token exchange"
      description={
        <>
          Exchange a token this application holds for one meant for another of your applications or
          APIs (RFC 8693), e.g. a mobile app&apos;s broker token for your backend&apos;s token.
        </>
      }
    >
      <ChoiceCard
        id="token-exchange-enabled"
        title="Allow token exchange"
        description={
          <>
            Allows the grant type <Code>{TOKEN_EXCHANGE_GRANT_TYPE}</Code> at the token endpoint,
            with <Code>subject_token</Code> and <Code>audience</Code> or <Code>resource</Code>.
          </>
        }
        control={
          <Check
            id="token-exchange-enabled"
            aria-describedby="token-exchange-enabled-description"
            data-testid="token-exchange-enabled"
            {...form.register("tokenExchange.enabled")}
          />
        }
      />
      {enabled && (
        <ChoiceGroup
          legend="Audiences"
          className="sm:grid-cols-2"
          hint="Only the applications and APIs of this organization. The app asks for one per exchange."
          error={errors?.audiences?.message ?? errors?.audiences?.root?.message}
        >
          {loading ? (
            <Skeleton className="h-14" />
          ) : loadError ? (
            <FieldError message={loadError.message} />
          ) : options.length === 0 ? (
            <p className="m-0 text-sm text-muted-foreground italic">
              No other applications or APIs in this organization yet.
            </p>
          ) : (
            options.map((option) => {
              const id = `token-exchange-audience-${option.value}`;
              return (
                <ChoiceCard
                  key={option.value}
                  id={id}
                  title={option.title}
                  description={
                    <>
                      {option.kind} ·{" "}
                      <span className="font-mono [overflow-wrap:anywhere]">{option.value}</span>
                    </>
                  }
                  control={
                    <Check
                      id={id}
                      data-testid={id}
                      aria-describedby={`${id}-description`}
                      checked={audiences.includes(option.value)}
                      onChange={(event) => toggle(option.value, event.target.checked)}
                    />
                  }
                />
              );
            })
          )}
        </ChoiceGroup>
      )}
    </Section>
  );
}
