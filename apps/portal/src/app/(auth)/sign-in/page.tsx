import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthFrame } from "~/components/auth-frame";
import { auth } from "~/server/auth";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  if ((await auth())?.user?.id) redirect("/dashboard");
  const { next } = await searchParams;
  return (
    <AuthFrame title="Sign in">
      <SignInForm next={typeof next === "string" ? next : undefined} />
      <p className="m-0 mt-6 text-sm text-muted-foreground">
        No account yet? <Link href="/sign-up">Create one</Link>.
      </p>
    </AuthFrame>
  );
}
