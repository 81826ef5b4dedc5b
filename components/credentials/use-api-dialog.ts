"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiProblem, apiPost } from "@/components/credentials/api";

/**
 * A dialog whose button posts to the API: busy while it sends, the problem's detail on
 * failure, and on success the dialog closes and the page shows the new state.
 */
export function useApiDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(path: string, body: unknown): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await apiPost(path, body);
      setOpen(false);
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }

  return { open, setOpen, busy, error, submit };
}
