import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@lotse/ui/base.css";
import "./demo-web.css";

export const metadata: Metadata = {
  title: "Lotse demo app",
  description: "An example app that signs people in through the Lotse identity broker.",
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
