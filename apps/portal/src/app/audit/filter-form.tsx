import Link from "next/link";
import { AUDIT_OUTCOMES } from "@lotse/api/schemas";
import { AUDIT_EVENT_TYPES } from "@lotse/db/audit";
import { Button, buttonVariants } from "@lotse/ui/button";
import { Field } from "@lotse/ui/field";
import { Input, Select } from "@lotse/ui/input";
import type { FilterErrors, FilterValues } from "./search-params";

interface Options {
  applications: { clientId: string; name: string }[];
  idps: { issuer: string; displayName: string }[];
}

/**
 * The audit list's filters: a plain GET form, so a filtered list is a link one can share and
 * works without JavaScript. Times are UTC, as the list shows them.
 */
export function FilterForm({
  values,
  errors,
  options,
}: {
  values: FilterValues;
  errors: FilterErrors;
  options: Options;
}) {
  const control = (id: keyof FilterErrors) => ({
    id,
    name: id,
    defaultValue: values[id] ?? "",
    "aria-invalid": errors[id] ? true : undefined,
    "aria-describedby": `${id}-error`,
  });
  return (
    <form method="get" aria-label="Filter events" className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="From (UTC)" htmlFor="from" error={errors.from}>
          <Input type="datetime-local" {...control("from")} />
        </Field>
        <Field label="To (UTC)" htmlFor="to" error={errors.to}>
          <Input type="datetime-local" {...control("to")} />
        </Field>
        <Field label="Application" htmlFor="clientId" error={errors.clientId}>
          <Select {...control("clientId")}>
            <option value="">All</option>
            {options.applications.map((application) => (
              <option key={application.clientId} value={application.clientId}>
                {application.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="IDP" htmlFor="upstreamIdp" error={errors.upstreamIdp}>
          <Select {...control("upstreamIdp")}>
            <option value="">All</option>
            {options.idps.map((idp) => (
              <option key={idp.issuer} value={idp.issuer}>
                {idp.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Event type" htmlFor="type" error={errors.type}>
          <Select {...control("type")}>
            <option value="">All</option>
            {AUDIT_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Outcome" htmlFor="outcome" error={errors.outcome}>
          <Select {...control("outcome")}>
            <option value="">All</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome.toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Subject" htmlFor="subject" error={errors.subject}>
          <Input spellCheck={false} {...control("subject")} />
        </Field>
        <Field label="Flow id" htmlFor="flowId" error={errors.flowId}>
          <Input spellCheck={false} {...control("flowId")} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">Apply</Button>
        <Link className={buttonVariants({ variant: "secondary" })} href="/audit">
          Reset
        </Link>
      </div>
    </form>
  );
}
