import { lotseNextConfig } from "@lotse/config/next";

export default lotseNextConfig({
  // The component library ships TypeScript sources.
  transpilePackages: ["@lotse/ui"],
  // Node loads the Prisma runtime and the pg driver adapter from node_modules, as in the
  // broker, instead of Turbopack bundling them (@prisma/client and pg are on Next's
  // default list; the adapter is not).
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg"],
});
