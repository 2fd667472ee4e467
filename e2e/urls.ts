/** Where the apps are (the same defaults and variables as the stack, DESIGN.md §2). */
const local = (variable: string, fallback: number) =>
  `http://localhost:${process.env[variable] ?? fallback}`;

export const urls = {
  portal: local("PORTAL_PORT", 3000),
  demoWeb: local("DEMO_WEB_PORT", 3001),
  broker: local("BROKER_PORT", 4000),
  sandbox: local("SANDBOX_PORT", 4100),
  mobile: local("MOBILE_PORT", 8081),
};
