/**
 * oidc-provider's default interaction policy plus one login check. Account ids are per
 * application (see accounts/find-account.ts), so a browser session may hold an account
 * the requesting application does not know; oidc-provider would take the session as a
 * login and then find no account. This check asks for a login instead (OIDC Core §3.1.2.3:
 * the OP must authenticate the End-User for this client).
 */
import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";

export function brokerInteractionPolicy(): interactionPolicy.DefaultPolicy {
  const { base, Check } = interactionPolicy;
  const policy = base();
  policy
    .get("login")!
    .checks.add(
      new Check(
        "session_account_unknown_to_client",
        "End-User authentication is required for this application",
        (ctx: KoaContextWithOIDC) =>
          ctx.oidc.session?.accountId && !ctx.oidc.account
            ? Check.REQUEST_PROMPT
            : Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}
