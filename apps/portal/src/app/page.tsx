import { ArrowRight, FileJson, FlaskConical } from "lucide-react";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { buttonVariants } from "@lotse/ui/button";
import { Code } from "@lotse/ui/layout";
import { AuthFrame } from "../components/auth-frame";
import { env } from "../env";
import { auth } from "../server/auth";

export default async function HomePage() {
  // The links come from the runtime configuration: render per request, not at build time.
  await connection();
  const signedIn = !!(await auth())?.user?.id;
  const discoveryUrl = `${env.BROKER_URL}/.well-known/openid-configuration`;

  return (
    <AuthFrame title="Lotse developer portal" titleTestId="portal-title" wide>
      <p className="m-0 text-muted-foreground">
        Lotse is an OpenID Connect identity broker for health apps: your app talks standard OpenID
        Connect to Lotse, and Lotse signs insured people in with their health insurer.
      </p>
      <div className="mt-6 flex flex-col gap-2 sm:flex-row">
        {signedIn ? (
          <Link className={buttonVariants()} href="/dashboard">
            Go to your dashboard
            <ArrowRight aria-hidden />
          </Link>
        ) : (
          <>
            <Link className={buttonVariants()} href="/sign-in">
              Sign in
            </Link>
            <Link className={buttonVariants({ variant: "secondary" })} href="/sign-up">
              Create a developer account
            </Link>
          </>
        )}
      </div>

      <h2 className="m-0 mt-8 mb-3 text-sm font-semibold">Start exploring</h2>
      <ul className="m-0 grid list-none gap-3 p-0">
        <ExploreLink
          icon={<FileJson aria-hidden />}
          href={discoveryUrl}
          title="Broker discovery document"
          description="the broker's OpenID configuration:"
          url={discoveryUrl}
        />
        <ExploreLink
          icon={<FlaskConical aria-hidden />}
          href={env.SANDBOX_URL}
          title="Sandbox"
          description="the simulated federation and insurer identity providers:"
          url={env.SANDBOX_URL}
        />
      </ul>
    </AuthFrame>
  );
}

function ExploreLink({
  icon,
  href,
  title,
  description,
  url,
}: {
  icon: ReactNode;
  href: string;
  title: string;
  description: string;
  url: string;
}) {
  return (
    <li className="flex gap-3 rounded-lg border border-border p-3">
      <span className="mt-0.5 text-muted-foreground [&_svg]:size-5">{icon}</span>
      <div className="grid min-w-0 gap-0.5">
        <a className="font-medium" href={href}>
          {title}
        </a>
        <p className="m-0 text-sm text-muted-foreground">
          {description} <Code>{url}</Code>
        </p>
      </div>
    </li>
  );
}
