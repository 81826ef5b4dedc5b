import Link from "next/link";
import { ShieldX } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <ShieldX className="size-10 text-slate-400" aria-hidden />
      <h1 className="mt-4 text-lg font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-1 max-w-md text-sm text-slate-600">
        Your role does not allow it. If you need it for your work, ask your platform team; roles come from your SSO groups.
      </p>
      <Link href="/" className={buttonClass("secondary", "md", "mt-6")}>
        Back to credentials
      </Link>
    </main>
  );
}
