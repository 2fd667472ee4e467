import { e2eEnv } from "./env.ts";

/** Where the apps are (the same defaults and variables as the stack, DESIGN.md §2). */
const env = e2eEnv();
const local = (port: number) => `http://localhost:${port}`;

export const urls = {
  portal: local(env.PORTAL_PORT),
  demoWeb: local(env.DEMO_WEB_PORT),
  broker: local(env.BROKER_PORT),
  sandbox: local(env.SANDBOX_PORT),
  mobile: local(env.MOBILE_PORT),
};
