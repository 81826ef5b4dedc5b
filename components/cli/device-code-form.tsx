import { Terminal } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";

/** A plain GET form: the code goes into the URL, the page looks it up (works without JS). */
export function DeviceCodeForm({ defaultCode, error }: { defaultCode: string; error: string | null }) {
  return (
    <Card className="p-5">
      <div className="mb-4 flex items-start gap-3">
        <Terminal className="mt-0.5 size-5 shrink-0 text-slate-500" aria-hidden />
        <p className="text-sm text-slate-700">
          Enter the code that <code className="rounded bg-slate-100 px-1 font-mono text-xs">keyless login</code> printed in your terminal.
        </p>
      </div>
      {error ? (
        <Alert tone="error" className="mb-4">
          {error}
        </Alert>
      ) : null}
      <form method="get" action="/device" className="flex flex-col gap-3 sm:flex-row">
        <label htmlFor="code" className="sr-only">
          Code
        </label>
        <Input
          id="code"
          name="code"
          defaultValue={defaultCode}
          placeholder="WDJB-MJHT"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          autoFocus
          required
          maxLength={20}
          className="h-11 font-mono text-lg tracking-[0.2em] uppercase sm:flex-1"
        />
        <button type="submit" className={buttonClass("primary", "md", "h-11")}>
          Continue
        </button>
      </form>
    </Card>
  );
}
