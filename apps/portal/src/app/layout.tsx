import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
import { TRPCReactProvider } from "../trpc/react";

export const metadata: Metadata = {
  title: "Lotse developer portal",
  description: "Register and manage apps that sign in through the Lotse identity broker.",
};

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Every page renders per request: the CSP nonce (src/proxy.ts) is new for each response,
  // and a page prerendered at build time would carry scripts without it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
