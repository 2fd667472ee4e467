/**
 * What demo-web asks the broker for: exactly the scopes its registration allows
 * (packages/db/src/seed/records.ts, DEMO_WEB). A scope it did not register would end the
 * login with invalid_scope (docs/flows/web.md).
 */
import { TELEMATIK_SCOPES } from "@lotse/domain";

/** offline_access: a refresh token, so the app can renew access tokens (OIDC Core §11). */
export const DEMO_WEB_SCOPE = ["openid", "offline_access", ...TELEMATIK_SCOPES].join(" ");
