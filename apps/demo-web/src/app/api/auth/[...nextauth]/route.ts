// next-auth's endpoints: sign-in, the OIDC callback (/api/auth/callback/lotse, the
// redirect URI registered for demo-web), session, sign-out.
import { handlers } from "~/server/auth";

export const { GET, POST } = handlers;
