import Link from "next/link";
import { connection } from "next/server";
import { buttonClass } from "@/components/ui/button";

export default async function NotFound() {
  // Rendered per request, not prerendered at build: its scripts must carry the request's
  // CSP nonce (proxy.ts), or the browser refuses to run them.
  await connection();
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-brand-600 text-sm font-semibold">404</p>
      <h1 className="mt-2 text-lg font-semibold">This page does not exist</h1>
      <p className="mt-1 text-sm text-slate-600">It may have moved, or you may not have access to what it showed.</p>
      <Link href="/" className={buttonClass("secondary", "md", "mt-6")}>
        Back to credentials
      </Link>
    </main>
  );
}
