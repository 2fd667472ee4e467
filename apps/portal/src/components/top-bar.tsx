import Link from "next/link";
import { signOutAction } from "../app/(auth)/actions";

export function TopBar({ email }: { email: string }) {
  return (
    <header className="topbar">
      <Link href="/dashboard">Lotse developer portal</Link>
      <form action={signOutAction} className="row">
        <Link className="hint" href="/account" data-testid="signed-in-as">
          {email}
        </Link>
        <button className="button secondary" type="submit">
          Sign out
        </button>
      </form>
    </header>
  );
}
