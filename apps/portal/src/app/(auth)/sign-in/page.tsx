import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "../../../server/auth";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  if ((await auth())?.user?.id) redirect("/dashboard");
  const { next } = await searchParams;
  return (
    <main className="page">
      <p className="eyebrow">Lotse</p>
      <h1>Sign in</h1>
      <SignInForm next={typeof next === "string" ? next : undefined} />
      <p className="hint">
        No account yet? <Link href="/sign-up">Create one</Link>.
      </p>
    </main>
  );
}
