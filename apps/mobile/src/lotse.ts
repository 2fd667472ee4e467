/** The app's one Lotse client (@lotse/sdk), configured from src/config.ts. */
import "./crypto-polyfill";
import { createLotseClient } from "@lotse/sdk";
import { config } from "./config";

export const lotse = createLotseClient({
  issuer: config.issuer,
  clientId: config.clientId,
  redirectUri: config.redirectUri,
});
