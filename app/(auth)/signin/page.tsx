import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/shell/logo";
import { Alert } from "@/components/ui/alert";
import { getCaller } from "@/lib/auth/current";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  AccessDenied:
    "Keyless could not accept your identity provider's answer (no email address for your account, or a token that does not verify against the provider's keys). Try again, or ask an admin.",
  AccessEnded:
    "Your access to Keyless has been ended (by an administrator or your identity provider). If this is unexpected, ask an administrator.",
  OAuthAccountNotLinked: "This email is already linked to another identity. Ask an admin to check your SSO account.",
  Configuration: "Single sign-on is not configured correctly. Ask an admin to check the OIDC settings.",
  Verification: "The sign-in link expired. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const rawCallback = typeof params.callbackUrl === "string" ? params.callbackUrl : null;
  const callbackUrl = safeCallbackPath(rawCallback, env().AUTH_URL, "/");
  if (await getCaller()) redirect(callbackUrl);
  const error =
    typeof params.error === "string" ? (ERRORS[params.error] ?? "Sign-in failed. Try again, or ask an admin if it keeps happening.") : null;

  return (
    <main className="from-brand-50 flex min-h-dvh items-center justify-center bg-gradient-to-b to-slate-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-12" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to Keyless</h1>
          <p className="mt-2 text-sm text-slate-600">Short-lived AWS credentials through your company SSO. No access keys to keep.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {params.revoked === "1" && !error ? (
            <Alert tone="success" className="mb-4">
              You revoked all your sessions: every browser and CLI is signed out, and the AWS credentials Keyless issued you stop working
              within a minute. Sign in again to carry on.
            </Alert>
          ) : null}
          {error ? (
            <Alert tone="error" className="mb-4">
              {error}
            </Alert>
          ) : null}
          {rawCallback && callbackUrl === "/" && rawCallback !== "/" ? (
            <Alert tone="warning" className="mb-4">
              The link you followed pointed outside Keyless; you will land on the dashboard instead.
            </Alert>
          ) : null}
          <form action={signInAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button
              type="submit"
              className="bg-brand-600 hover:bg-brand-700 flex h-10 w-full items-center justify-center rounded-md text-sm font-semibold text-white shadow-sm"
            >
              Sign in with {env().OIDC_DISPLAY_NAME}
            </button>
          </form>
          <p className="mt-4 text-center text-xs text-slate-500">You will be sent to your identity provider and brought back here.</p>
        </div>
      </div>
    </main>
  );
}
