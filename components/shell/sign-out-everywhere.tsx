"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/result";

/** "Everywhere": ends every session; if it could not, the reason stays under the menu. */
export function SignOutEverywhere({ action }: { action: (prev: ActionResult | null) => Promise<ActionResult> }) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction}>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md px-2 py-1.5 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-60"
        title="End every Keyless session you have, on every device"
      >
        Everywhere
      </button>
      {result && !result.ok ? (
        <p role="alert" className="mt-1 max-w-48 text-xs text-red-700">
          Not signed out everywhere: {result.error}
        </p>
      ) : null}
    </form>
  );
}
