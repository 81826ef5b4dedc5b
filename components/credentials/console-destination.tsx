"use client";

import { Compass, ExternalLink, Star, X } from "lucide-react";
import { useState, useTransition } from "react";
import { addConsoleFavouriteAction, removeConsoleFavouriteAction } from "@/app/(dashboard)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/result";
import type { ConsoleFavouriteView } from "@/lib/console/favourite-schemas";

// Where the "Open console" buttons land: a service (typed to search the allow-list) and a
// region, and the person's starred pages as one-click links. The server checks both again.
// The service list is server-rendered HTML (console-service-list.tsx), not data in this bundle.

export type Destination = { service?: string; serviceName?: string; region?: string };

/** The server-rendered choices: the services' `<datalist>` (and its id) and the regions. */
export type ConsoleChoices = { serviceListId: string; serviceList: React.ReactNode; regions: readonly string[] };

/** The service a typed text names (its slug or its name, in any case), from the datalist's options. */
function serviceFor(listId: string, text: string): { slug: string; name: string } | undefined {
  const t = text.trim().toLowerCase();
  const list = document.getElementById(listId);
  if (!t || !(list instanceof HTMLDataListElement)) return undefined;
  const option = [...list.options].find((o) => o.text === t || o.value.toLowerCase() === t);
  return option ? { slug: option.text, name: option.value } : undefined;
}

export function DestinationPicker({
  value,
  onChange,
  choices,
}: {
  value: Destination;
  onChange: (d: Destination) => void;
  choices: ConsoleChoices;
}) {
  const [text, setText] = useState(value.serviceName ?? "");
  // Read after hydration only (the DOM): on the server and the first render nothing is typed.
  const typed = text.trim() !== "" && !serviceFor(choices.serviceListId, text);
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
      <Compass className="size-4 text-slate-500" aria-hidden />
      <span className="text-sm text-slate-700">Open the console at</span>
      <Input
        list={choices.serviceListId}
        value={text}
        placeholder="Any service (type to search)"
        aria-label="Console service"
        aria-invalid={typed || undefined}
        className="w-64!"
        onChange={(e) => {
          setText(e.target.value);
          const service = serviceFor(choices.serviceListId, e.target.value);
          onChange({ ...value, service: service?.slug, serviceName: service?.name });
        }}
      />
      {choices.serviceList}
      <Select
        aria-label="Console region"
        className="w-44!"
        value={value.region ?? ""}
        onChange={(e) => onChange({ ...value, region: e.target.value || undefined })}
      >
        <option value="">Default region</option>
        {choices.regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      {typed ? (
        <span className="text-xs text-amber-700">No service by that name: the console opens at its start page.</span>
      ) : value.service && value.region ? (
        <span className="text-xs text-slate-500">The star beside a role keeps this page as a favourite.</span>
      ) : null}
    </div>
  );
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/** Stars (or unstars) the picked service and region for a role; shown once both are picked. */
export function StarButton({
  roleId,
  roleName,
  destination,
  favourites,
}: {
  roleId: string;
  roleName: string;
  destination: Destination;
  favourites: ConsoleFavouriteView[];
}) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const { service, region } = destination;
  if (!service || !region) return null;
  const name = destination.serviceName ?? service;
  const starred = favourites.find((f) => f.roleId === roleId && f.service === service && f.region === region);
  const toggle = () =>
    start(async () =>
      setResult(
        starred
          ? await removeConsoleFavouriteAction(undefined, form({ id: starred.id }))
          : await addConsoleFavouriteAction(undefined, form({ roleId, service, region })),
      ),
    );
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-pressed={Boolean(starred)}
        aria-label={`${starred ? "Remove" : "Add"} ${name} in ${region} as ${roleName} ${starred ? "from" : "to"} favourites`}
        title={starred ? "Remove from your console favourites" : "Add to your console favourites"}
        onClick={toggle}
      >
        <Star className={starred ? "size-4 fill-amber-400 text-amber-500" : "size-4"} aria-hidden />
      </Button>
      {result && !result.ok ? <span className="text-xs text-red-700">{result.error}</span> : null}
    </>
  );
}

export function FavouriteLinks({
  favourites,
  usableRoleIds,
  busy,
  onOpen,
}: {
  favourites: ConsoleFavouriteView[];
  usableRoleIds: ReadonlySet<string>;
  busy: boolean;
  onOpen: (f: ConsoleFavouriteView) => void;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (favourites.length === 0) return null;
  return (
    <section aria-label="Console favourites" className="space-y-2">
      <h2 className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
        <Star className="size-4 fill-amber-400 text-amber-500" aria-hidden /> Console favourites
      </h2>
      <ul className="flex flex-wrap gap-2">
        {favourites.map((f) => (
          <li key={f.id} className="flex items-center rounded-full border border-slate-200 bg-white text-sm shadow-sm">
            <button
              type="button"
              className="text-brand-700 flex items-center gap-1.5 py-1 pr-1 pl-3 hover:underline disabled:opacity-50"
              disabled={busy || !usableRoleIds.has(f.roleId)}
              title={usableRoleIds.has(f.roleId) ? "Open in the AWS console" : "You may no longer use this role"}
              onClick={() => onOpen(f)}
            >
              <ExternalLink className="size-3.5" aria-hidden /> {f.label}
            </button>
            <button
              type="button"
              className="rounded-full p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
              aria-label={`Remove ${f.label} from favourites`}
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const r = await removeConsoleFavouriteAction(undefined, form({ id: f.id }));
                  setError(r.ok ? null : r.error);
                })
              }
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </section>
  );
}
