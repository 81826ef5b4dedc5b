import { CONSOLE_SERVICES } from "@/lib/console/services";

// The console service picker's suggestions, rendered on the server: the ~60 services are
// HTML options rather than data in the page's JavaScript (the credentials page's first-load
// budget, SPEC ≤ 150 kB). Each option's value is the name people see and its text the slug,
// which the picker reads back from the DOM (console-destination.tsx, `serviceFor`).

export const CONSOLE_SERVICE_LIST_ID = "console-services";

export function ConsoleServiceList() {
  return (
    <datalist id={CONSOLE_SERVICE_LIST_ID}>
      {CONSOLE_SERVICES.map((s) => (
        <option key={s.slug} value={s.name}>
          {s.slug}
        </option>
      ))}
    </datalist>
  );
}
