/**
 * The broker's endpoints, learnt from its discovery document (OIDC Discovery §4) like
 * every other setting of this app: nothing but the issuer URL is configured.
 */
import { z } from "zod";
import { env } from "../env";

const metadataSchema = z.object({
  issuer: z.string(),
  token_endpoint: z.url(),
  end_session_endpoint: z.url(),
  revocation_endpoint: z.url().optional(),
});
export type BrokerMetadata = z.infer<typeof metadataSchema>;

const CACHE_MS = 5 * 60 * 1000;
let cached: { metadata: BrokerMetadata; until: number } | undefined;

export async function brokerMetadata(): Promise<BrokerMetadata> {
  if (cached && cached.until > Date.now()) return cached.metadata;
  const url = `${env.BROKER_URL}/.well-known/openid-configuration`;
  const response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`broker discovery answered ${response.status}: ${url}`);
  const metadata = metadataSchema.parse(await response.json());
  // OIDC Discovery §4.3: the issuer in the document must be the one we asked.
  if (metadata.issuer !== env.BROKER_URL) {
    throw new Error(`broker discovery names issuer ${metadata.issuer}, expected ${env.BROKER_URL}`);
  }
  cached = { metadata, until: Date.now() + CACHE_MS };
  return metadata;
}
