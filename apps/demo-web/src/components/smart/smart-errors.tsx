import type { DescribedError } from "../../lib/smart/describe-error";

/** Every error of the SMART example in one place, readable, with a way to start again. */
export function SmartErrors({
  errors,
  relaunchHref,
}: {
  errors: readonly DescribedError[];
  relaunchHref: string;
}) {
  if (errors.length === 0) return null;
  return (
    <section className="smart-error" data-testid="smart-error" role="alert">
      {errors.map((error, index) => (
        <div key={index} className="smart-error-entry" data-step={error.step}>
          <h2>{error.title}</h2>
          <p data-testid="smart-error-summary">
            {error.status !== undefined && <code>HTTP {error.status}</code>}{" "}
            {error.oauthError && <code data-testid="smart-error-code">{error.oauthError}</code>}{" "}
            {error.summary}
          </p>
          {error.details.length > 0 && (
            <ul>
              {error.details.map((line, lineIndex) => (
                <li key={lineIndex}>{line}</li>
              ))}
            </ul>
          )}
          {error.url && (
            <p className="hint">
              Request: <code>{error.url}</code>
            </p>
          )}
        </div>
      ))}
      <p className="hint">
        <a href={relaunchHref}>Start a standalone launch again</a>, or launch from the portal&apos;s
        SMART launcher.
      </p>
    </section>
  );
}
