"use client";
import { CopyButton } from "./copy-button";

/**
 * The client secret in clear, right after creation or rotation. It lives only in this
 * component's props (React state of the page that received the mutation's answer): a
 * reload or a new visit cannot show it again, because nothing stores it.
 */
export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <section className="card secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title">Your client secret</h2>
      <p>
        Copy it now and keep it in your server&apos;s secret store.{" "}
        <strong>It is shown only this once</strong>; Lotse keeps only a hash of it.
      </p>
      <code className="secret" data-testid="client-secret">
        {secret}
      </code>
      <div className="row" style={{ marginTop: "0.75rem" }}>
        <CopyButton value={secret} label="Copy secret" />
        <button type="button" className="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
