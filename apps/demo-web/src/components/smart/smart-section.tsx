/** The home page's pointer to the SMART example (/smart/launch, /smart/app). */
export function SmartSection({ fhirBaseUrl }: { fhirBaseUrl: string }) {
  return (
    <section data-testid="smart-section">
      <h2>SMART on FHIR</h2>
      <ul className="links">
        <li>
          <a
            href={`/smart/launch?iss=${encodeURIComponent(fhirBaseUrl)}`}
            data-testid="smart-standalone-launch"
          >
            Standalone launch
          </a>
          <span className="hint">
            a SMART app built on fhirclient reads patient data from <code>{fhirBaseUrl}</code>
          </span>
        </li>
      </ul>
      <p className="hint">
        EHR launches start from the portal&apos;s SMART launcher, which opens this app with a launch
        context.
      </p>
    </section>
  );
}
