import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthFrame } from "~/components/auth-frame";
import { auth } from "~/server/auth";
import { SignUpForm } from "./sign-up-form";

export default async function SignUpPage() {
  if ((await auth())?.user?.id) redirect("/dashboard");
  return (
    <AuthFrame title="Create your developer account">
      <SignUpForm />
      <p className="m-0 mt-6 text-sm text-muted-foreground">
        Already registered? <Link href="/sign-in">Sign in</Link>.
      </p>
    </AuthFrame>
  );
}
