import { accountRouter } from "./routers/account.js";
import { adminRouter } from "./routers/admin.js";
import { apiRouter } from "./routers/api.js";
import { applicationRouter } from "./routers/application.js";
import { auditRouter } from "./routers/audit.js";
import { organizationRouter } from "./routers/organization.js";
import { smartRouter } from "./routers/smart.js";
import { createCallerFactory, createTRPCRouter } from "./trpc.js";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  organization: organizationRouter,
  application: applicationRouter,
  api: apiRouter,
  smart: smartRouter,
  audit: auditRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (React Server Components, tests): `createCaller(context)`. */
export const createCaller = createCallerFactory(appRouter);
