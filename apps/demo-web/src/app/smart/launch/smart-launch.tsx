"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { SmartErrors } from "../../../components/smart/smart-errors";
import { describeSmartError, type DescribedError } from "../../../lib/smart/describe-error";
import { authorizeOnce } from "../../../lib/smart/fhir-client";
import { issProblem, smartLaunchScope } from "../../../lib/smart/launch-request";

/** Sends the browser to the broker's authorization endpoint through fhirclient. */
export function SmartLaunch({ clientId, fhirBaseUrl }: { clientId: string; fhirBaseUrl: string }) {
  const params = useSearchParams();
  const search = params.toString();
  const kind = params.get("launch") ? "EHR launch" : "standalone launch";
  const problem = issProblem(params.get("iss"), fhirBaseUrl);
  const [failure, setFailure] = useState<DescribedError>();
  const error: DescribedError | undefined = problem
    ? { step: "launch", title: "The launch could not start", summary: problem, details: [] }
    : failure;

  useEffect(() => {
    if (problem) return;
    authorizeOnce({
      clientId,
      scope: smartLaunchScope(search),
      redirectUri: "/smart/app",
      // SMART 2.2 requires PKCE S256; fhirclient refuses a server that does not announce it.
      pkceMode: "required",
      // Finish in this window even when the launcher opened it as a named pop-up: otherwise
      // fhirclient hands the redirect to the opener (the portal) and closes this window.
      completeInTarget: true,
    }).catch((reason: unknown) => setFailure(describeSmartError("launch", reason)));
  }, [clientId, problem, search]);

  return (
    <main className="page" data-testid="smart-launch">
      <p className="eyebrow">SMART on FHIR</p>
      <h1>{error ? "Launch failed" : "Launching…"}</h1>
      {!error && (
        <p className="lead">
          Starting a {kind} against <code>{fhirBaseUrl}</code>: reading its SMART configuration and
          sending you to the broker.
        </p>
      )}
      <SmartErrors
        errors={error ? [error] : []}
        relaunchHref={`/smart/launch?iss=${encodeURIComponent(fhirBaseUrl)}`}
      />
    </main>
  );
}
