import Link from "next/link";
import { SignUpForm } from "./sign-up-form";

export default function SignUpPage() {
  return (
    <main className="page">
      <p className="eyebrow">Lotse</p>
      <h1>Create your developer account</h1>
      <SignUpForm />
      <p className="hint">
        Already registered? <Link href="/sign-in">Sign in</Link>.
      </p>
    </main>
  );
}
