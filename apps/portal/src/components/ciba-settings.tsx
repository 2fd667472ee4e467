"use client";
/**
 * The "Backchannel login (CIBA)" part of the application form (OpenID Connect CIBA Core
 * 1.0): whether the app may start a login on the person's phone, how it learns of the answer
 * and whether it must send the person's user code. The switch is the CIBA grant type, so the
 * grant-type list above does not repeat it. Validated by the same schema as the API
 * (@lotse/api/schemas, ciba.ts).
 */
import { useWatch } from "react-hook-form";
import { CIBA_DELIVERY_MODE_EXPLANATIONS, CIBA_DELIVERY_MODES } from "@lotse/api/schemas";
import { FieldError } from "@lotse/ui/field";
import { Check } from "@lotse/ui/input";
import { Code } from "@lotse/ui/layout";
import type { Form } from "./application-form";
import { ChoiceCard, ChoiceGroup, Section, type HeadingLevel } from "./form-sections";
import { TextField } from "./form-field";

const DELIVERY_MODE_TITLES = { POLL: "Poll", PING: "Ping" } as const;

export function CibaSection({ form, level }: { form: Form; level: HeadingLevel }) {
  const [type, enabled, deliveryMode] = useWatch({
    control: form.control,
    name: ["type", "ciba.enabled", "ciba.deliveryMode"],
  });
  const errors = form.formState.errors.ciba;
  const isPublic = type === "PUBLIC";
  return (
    <Section
      level={level}
      title="Backchannel login (CIBA)"
      description={
        <>
          Start a login from your server, for example at a help desk: the person confirms it in
          their insurer&apos;s app on their phone, without a browser (OpenID Connect CIBA). Your
          server sends the request to the backchannel endpoint, <Code>/connect/ciba</Code>, with the
          person&apos;s KVNR as <Code>login_hint</Code>.
        </>
      }
    >
      <div className="grid gap-1">
        <ChoiceCard
          id="ciba-enabled"
          title="Allow backchannel login"
          description={
            isPublic ? (
              <>
                Only for confidential applications: the request comes from your server and is
                authenticated with the client secret. A public app has no secret, so anyone could
                start a login in its name.
              </>
            ) : (
              <>
                Allows the grant type <Code>urn:openid:params:grant-type:ciba</Code>. Only for
                confidential applications: the request is authenticated with the client secret.
              </>
            )
          }
          control={
            <Check
              id="ciba-enabled"
              aria-describedby="ciba-enabled-description ciba-enabled-error"
              aria-invalid={!!errors?.enabled}
              data-testid="ciba-enabled"
              // Left enabled while checked, so a switch to public can still be undone here.
              disabled={isPublic && !enabled}
              {...form.register("ciba.enabled")}
            />
          }
        />
        <FieldError id="ciba-enabled-error" message={errors?.enabled?.message} />
      </div>
      {enabled && (
        <>
          <ChoiceGroup
            legend="Token delivery"
            className="sm:grid-cols-2"
            error={errors?.deliveryMode?.message}
          >
            {CIBA_DELIVERY_MODES.map((mode) => (
              <ChoiceCard
                key={mode}
                id={`ciba-mode-${mode}`}
                title={DELIVERY_MODE_TITLES[mode]}
                description={CIBA_DELIVERY_MODE_EXPLANATIONS[mode]}
                control={
                  <Check
                    type="radio"
                    id={`ciba-mode-${mode}`}
                    value={mode}
                    aria-describedby={`ciba-mode-${mode}-description`}
                    data-testid={`ciba-mode-${mode}`}
                    {...form.register("ciba.deliveryMode")}
                  />
                }
              />
            ))}
          </ChoiceGroup>
          {deliveryMode === "PING" && (
            <TextField
              form={form}
              name="ciba.notificationEndpoint"
              id="ciba-notification-endpoint"
              label="Notification endpoint"
              hint={
                <>
                  Where the broker POSTs <Code>{'{"auth_req_id": "…"}'}</Code> with your{" "}
                  <Code>client_notification_token</Code> as a bearer token. https, or http only for
                  localhost/127.0.0.1; no fragment, no user name or password.
                </>
              }
              inputMode="url"
              spellCheck={false}
              autoComplete="off"
              className="font-mono"
              placeholder="https://app.example/ciba/notify"
              data-testid="ciba-notification-endpoint"
            />
          )}
          <ChoiceCard
            id="ciba-user-code"
            title="Require a user code"
            description={
              <>
                Every request must carry <Code>user_code</Code>: the person&apos;s code at their
                insurer, which they tell you, so a KVNR alone cannot trigger a request on their
                phone.
              </>
            }
            control={
              <Check
                id="ciba-user-code"
                aria-describedby="ciba-user-code-description"
                data-testid="ciba-user-code"
                {...form.register("ciba.userCodeRequired")}
              />
            }
          />
        </>
      )}
    </Section>
  );
}
