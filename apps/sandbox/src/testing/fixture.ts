import { test as base } from "vitest";
import { startTestBroker, type TestBroker } from "./test-broker.js";
import { startTestSandbox, type TestSandbox } from "./start-sandbox.js";

export interface World {
  sandbox: TestSandbox;
  broker: TestBroker;
  idp(name: "nord" | "sued" | "privat"): string;
}

/** The app redirect URIs the test broker's entity configuration announces besides its own. */
export const APP_REDIRECT_URIS = ["https://app.lotse.test/app/ce", "de.lotse.demo:/oauthredirect"];

/**
 * One test broker and one sandbox per test file, over real HTTP: the broker's entity
 * configuration on one port, the sandbox (configured with BROKER_URL pointing at it) on
 * another. The insurers register the broker from that configuration on first use.
 */
export const test = base.extend<{ world: World }>({
  world: [
    // eslint-disable-next-line no-empty-pattern -- Vitest requires the destructuring form for fixture arguments.
    async ({}, use) => {
      const broker = await startTestBroker({ appRedirectUris: APP_REDIRECT_URIS });
      const sandbox = await startTestSandbox({ BROKER_URL: broker.url });
      broker.authorityHint = `${sandbox.url}/fedmaster`;
      await use({ sandbox, broker, idp: (name) => `${sandbox.url}/idp/${name}` });
      await sandbox.close();
      await broker.close();
    },
    { scope: "file" },
  ],
});

export { expect, describe } from "vitest";
