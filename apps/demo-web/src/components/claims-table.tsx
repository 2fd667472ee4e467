import { personClaims } from "../lib/claim-labels";

/** The person's claims from an ID token payload, with readable labels. */
export function ClaimsTable({ payload }: { payload: Record<string, unknown> }) {
  const claims = personClaims(payload);
  if (claims.length === 0) return <p data-testid="claims">No claims were released.</p>;
  return (
    <table data-testid="claims" className="claims">
      <thead>
        <tr>
          <th scope="col">Claim</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {claims.map(({ claim, label, value }) => (
          <tr key={claim} data-claim={claim}>
            <th scope="row">
              {label}
              {label !== claim && <code className="claim-name">{claim}</code>}
            </th>
            <td data-testid={`claim-${claim}`}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
