"use client";

import { Alert } from "@/components/ui/alert";

type Result = { ok: true; message?: string } | { ok: false; error: string; fieldErrors?: Record<string, string> } | null;

export function FormStatus({ result }: { result: Result }) {
  if (!result) return null;
  if (result.ok) return result.message ? <Alert tone="success">{result.message}</Alert> : null;
  return <Alert tone="error">{result.error}</Alert>;
}

export function fieldError(result: Result, name: string): string | undefined {
  return result && !result.ok ? result.fieldErrors?.[name] : undefined;
}
