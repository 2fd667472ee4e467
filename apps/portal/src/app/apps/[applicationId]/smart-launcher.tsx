"use client";
/**
 * The SMART launcher (like the SMART Health IT launcher): start this application as an EHR
 * would, with a chosen patient, practitioner and encounter, or standalone; optionally make
 * the platform simulate an error. Patients and the rest come from the sandbox FHIR server's
 * directory when the app uses it; for any other FHIR server the ids are typed in.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { ExternalLink, Rocket } from "lucide-react";
import { useState } from "react";
import {
  isEhrLaunch,
  isProviderLaunch,
  SMART_LAUNCH_TYPE_LABELS,
  type ApplicationOutput,
  type LauncherDirectory,
  type SmartLaunchOutput,
} from "@lotse/api/schemas";
import { SMART_LAUNCH_TYPES, SMART_SIMULATED_ERRORS, type SmartLaunchType } from "@lotse/domain";
import { Alert } from "@lotse/ui/alert";
import { Button } from "@lotse/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@lotse/ui/card";
import { Field } from "@lotse/ui/field";
import { Check, Input, Select } from "@lotse/ui/input";
import { Code, Skeleton } from "@lotse/ui/layout";
import { utcTime } from "~/components/utc-time";
import { useTRPC } from "~/trpc/react";

type Application = Pick<
  ApplicationOutput,
  "id" | "smartFhirBaseUrl" | "smartLaunchUrl" | "smartUserType"
>;

interface LaunchError {
  message: string;
  data?: { fieldErrors?: Record<string, string[]> | null } | null;
}

/** A select of the directory's entries, or a text input for the id when there is none. */
function IdField({
  id,
  testId,
  label,
  hint,
  value,
  onChange,
  options,
  emptyOption,
  disabled,
  error,
}: {
  id: string;
  testId: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  /** Directory entries; undefined: no directory, type the id. */
  options: { id: string; label: string }[] | undefined;
  /** The label of the "nothing chosen" option, when choosing nothing is allowed. */
  emptyOption?: string;
  disabled?: boolean;
  error?: string | undefined;
}) {
  const describedBy = hint ? `${id}-hint ${id}-error` : `${id}-error`;
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      {options ? (
        <Select
          id={id}
          data-testid={testId}
          value={value}
          disabled={disabled}
          aria-invalid={!!error}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        >
          {emptyOption !== undefined && <option value="">{emptyOption}</option>}
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </Select>
      ) : (
        <Input
          id={id}
          data-testid={testId}
          value={value}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          className="font-mono"
          placeholder={emptyOption ? "(none)" : "FHIR id, e.g. 123"}
          aria-invalid={!!error}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value.trim())}
        />
      )}
    </Field>
  );
}

const patientLabel = (patient: LauncherDirectory["patients"][number]) =>
  [patient.name, [patient.birthDate, patient.gender].filter(Boolean).join(", ")]
    .filter(Boolean)
    .join(" · ") + ` (${patient.id})`;

export function SmartLauncher({
  application,
  className,
}: {
  application: Application;
  className?: string;
}) {
  const trpc = useTRPC();
  const directoryQuery = useQuery(
    trpc.smart.directory.queryOptions({ applicationId: application.id }),
  );
  const launch = useMutation(trpc.smart.createLaunch.mutationOptions());
  const directory =
    directoryQuery.data?.status === "available" ? directoryQuery.data.directory : undefined;

  const [launchType, setLaunchType] = useState<SmartLaunchType>(
    application.smartUserType === "PRACTITIONER" ? "EHR_PROVIDER" : "EHR_PATIENT",
  );
  const [patientId, setPatientId] = useState("");
  // undefined until the developer picks: then the directory's first practitioner is the
  // default; "" is "No practitioner", chosen on purpose.
  const [practitionerId, setPractitionerId] = useState<string | undefined>(undefined);
  const [encounterId, setEncounterId] = useState("");
  const [needPatientBanner, setNeedPatientBanner] = useState(true);
  const [simulatedError, setSimulatedError] = useState("");
  const [result, setResult] = useState<SmartLaunchOutput | null>(null);

  // Until the user picks, the directory's first patient and practitioner are the choice.
  const patient = patientId || directory?.patients[0]?.id || "";
  const practitioner = practitionerId ?? (directory ? (directory.practitioners[0]?.id ?? "") : "");
  const encounters = directory?.encounters.filter((encounter) => encounter.patientId === patient);
  const encounter = encounters && !encounters.some((e) => e.id === encounterId) ? "" : encounterId;

  const ehr = isEhrLaunch(launchType);
  const provider = isProviderLaunch(launchType);
  const fieldErrors = (launch.error as LaunchError | null)?.data?.fieldErrors ?? {};
  const errorOf = (field: string) => fieldErrors[field]?.[0];
  const formError = launch.error && Object.keys(fieldErrors).length === 0 ? launch.error : null;

  const start = () => {
    setResult(null);
    const optional = (value: string) => (value === "" ? undefined : value);
    launch.mutate(
      {
        applicationId: application.id,
        launchType,
        // A standalone launch carries no context: only an EHR launch sends these.
        ...(ehr
          ? {
              patientId: optional(patient),
              practitionerId: provider ? optional(practitioner) : undefined,
              encounterId: optional(encounter),
              needPatientBanner,
              simulatedError: optional(simulatedError),
            }
          : {}),
      },
      {
        onSuccess: (launched) => {
          setResult(launched);
          // A new tab, without a handle back to the portal (noopener).
          window.open(launched.url, "_blank", "noopener");
        },
      },
    );
  };

  return (
    <Card id="smart-launch" aria-labelledby="smart-launch-title" className={className}>
      <CardHeader>
        <div>
          <CardTitle id="smart-launch-title">SMART launcher</CardTitle>
          <CardDescription>
            Start the app as an EHR would: its launch URL opens in a new tab with <Code>iss</Code> ={" "}
            <Code>{application.smartFhirBaseUrl}</Code>
            {ehr && (
              <>
                {" "}
                and a <Code>launch</Code> value that stands for the context chosen here (valid for
                one hour)
              </>
            )}
            .
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-5 *:min-w-0">
        <Field
          label="Launch type"
          htmlFor="smart-launch-type"
          hint={
            ehr
              ? "EHR launch: the context (patient, practitioner, encounter) comes with the launch."
              : "Standalone launch: the app starts on its own with only iss; the patient is chosen at sign-in (a practitioner app shows a patient picker)."
          }
        >
          <Select
            id="smart-launch-type"
            data-testid="smart-launch-type"
            value={launchType}
            aria-describedby="smart-launch-type-hint"
            onChange={(event) => {
              setLaunchType(event.target.value as SmartLaunchType);
              launch.reset();
            }}
          >
            {SMART_LAUNCH_TYPES.map((type) => (
              <option key={type} value={type}>
                {SMART_LAUNCH_TYPE_LABELS[type]}
              </option>
            ))}
          </Select>
        </Field>

        {directoryQuery.isPending ? (
          <Skeleton className="h-32" />
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            {directoryQuery.data?.status === "unavailable" && (
              <Alert
                tone="warning"
                className="sm:col-span-2"
                data-testid="smart-directory-unavailable"
              >
                {directoryQuery.data.message}
              </Alert>
            )}
            <IdField
              id="smart-patient"
              testId="smart-patient"
              label="Patient"
              hint={ehr ? undefined : "Only in an EHR launch."}
              value={patient}
              onChange={(value) => {
                setPatientId(value);
                setEncounterId("");
              }}
              options={directory?.patients.map((p) => ({ id: p.id, label: patientLabel(p) }))}
              disabled={!ehr}
              error={errorOf("patientId")}
            />
            <IdField
              id="smart-practitioner"
              testId="smart-practitioner"
              label="Practitioner (optional)"
              hint={
                provider && ehr
                  ? "The user (fhirUser) of a provider launch."
                  : "Only in an EHR launch as provider."
              }
              value={practitioner}
              onChange={setPractitionerId}
              options={directory?.practitioners.map((p) => ({
                id: p.id,
                label: `${p.name} (${p.id})`,
              }))}
              emptyOption="No practitioner"
              disabled={!ehr || !provider}
              error={errorOf("practitionerId")}
            />
            <IdField
              id="smart-encounter"
              testId="smart-encounter"
              label="Encounter (optional)"
              hint={ehr ? "Only the chosen patient's encounters." : "Only in an EHR launch."}
              value={encounter}
              onChange={setEncounterId}
              options={encounters?.map((e) => ({ id: e.id, label: `${e.label} (${e.id})` }))}
              emptyOption="No encounter"
              disabled={!ehr}
              error={errorOf("encounterId")}
            />
            <Field
              label="Simulate an error"
              htmlFor="smart-simulated-error"
              hint={
                ehr
                  ? "The platform makes this step fail as if the app or its token were wrong, so you can see how the app copes."
                  : "A standalone launch carries no launch value, so errors can only be simulated in an EHR launch."
              }
              error={errorOf("simulatedError")}
            >
              <Select
                id="smart-simulated-error"
                data-testid="smart-simulated-error"
                value={ehr ? simulatedError : ""}
                disabled={!ehr}
                aria-describedby="smart-simulated-error-hint smart-simulated-error-error"
                onChange={(event) => setSimulatedError(event.target.value)}
              >
                <option value="">No error</option>
                {SMART_SIMULATED_ERRORS.map((error) => (
                  <option key={error.name} value={error.name}>
                    {error.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        )}

        <div className="flex items-start gap-3">
          <Check
            id="smart-need-patient-banner"
            data-testid="smart-need-patient-banner"
            checked={ehr && needPatientBanner}
            disabled={!ehr}
            aria-describedby="smart-need-patient-banner-hint"
            onChange={(event) => setNeedPatientBanner(event.target.checked)}
            className="mt-0.5"
          />
          <div className="grid gap-0.5">
            <label htmlFor="smart-need-patient-banner" className="text-sm font-medium">
              Need patient banner
            </label>
            <p id="smart-need-patient-banner-hint" className="m-0 text-sm text-muted-foreground">
              {ehr
                ? "Whether the app must show which patient it is on (need_patient_banner); off when the EHR already shows it."
                : "Only in an EHR launch."}
            </p>
          </div>
        </div>

        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button data-testid="smart-launch-button" loading={launch.isPending} onClick={start}>
            <Rocket aria-hidden />
            Launch
          </Button>
          <p className="m-0 text-sm text-muted-foreground">
            Opens <Code>{application.smartLaunchUrl}</Code> in a new tab.
          </p>
        </div>
        {formError && <Alert tone="danger">{formError.message}</Alert>}
        {result && (
          <Alert tone="success" title="Launched" data-testid="smart-launch-result">
            <div className="grid gap-1">
              <a
                href={result.url}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="smart-launch-url"
                className="inline-flex items-center gap-1 font-mono text-xs [overflow-wrap:anywhere]"
              >
                {result.url}
                <ExternalLink className="size-3 shrink-0" aria-hidden />
              </a>
              <p className="m-0 text-muted-foreground">
                {result.expiresAt
                  ? `The launch value works until ${utcTime(result.expiresAt, 16)} UTC. If no tab opened, follow the link.`
                  : "No launch value: nothing was stored. If no tab opened, follow the link."}
              </p>
            </div>
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
