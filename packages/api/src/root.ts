import { accountRouter } from "./routers/account.js";
import { applicationRouter } from "./routers/application.js";
import { organizationRouter } from "./routers/organization.js";
import { createCallerFactory, createTRPCRouter } from "./trpc.js";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  organization: organizationRouter,
  application: applicationRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (React Server Components, tests): `createCaller(context)`. */
export const createCaller = createCallerFactory(appRouter);
