import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@lotse/api";
import { createContext } from "../server/trpc-context";

/** tRPC for React Server Components: the same procedures, called in-process. */
export const api = cache(async () => createCaller(await createContext(await headers())));
