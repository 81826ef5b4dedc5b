// Fault injection for the stand-ins: the next N requests matching a path prefix (and
// optionally a method) are answered with an error status, have their connection reset, or
// are delayed before being handled normally. Used to test retries, timeouts and rollbacks.

export type FaultSpec = {
  /** Prefix of the request path, raw or decoded: "/github/repos/acme/api/actions/secrets". */
  path: string;
  method?: string;
  /** How many matching requests the fault applies to (default 1). */
  count?: number;
  /** respond (default): answer `status` with `body`; reset: drop the connection; delay: wait `delayMs`, then handle. */
  action?: "respond" | "reset" | "delay";
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
};

export type Fault = Required<Pick<FaultSpec, "path" | "action">> & Omit<FaultSpec, "path" | "action"> & { id: number; remaining: number };

export type FaultStore = { list: Fault[]; nextId: number };

export function addFault(store: FaultStore, spec: FaultSpec): Fault {
  if (typeof spec.path !== "string" || !spec.path.startsWith("/")) throw new Error("fault path must start with /");
  const action = spec.action ?? "respond";
  if (!["respond", "reset", "delay"].includes(action)) throw new Error(`unknown fault action ${action}`);
  const fault: Fault = { ...spec, action, id: store.nextId++, remaining: Math.max(1, Math.floor(spec.count ?? 1)) };
  store.list.push(fault);
  return fault;
}

/** The first fault matching this request, used up by one; undefined when none applies. */
export function takeFault(store: FaultStore, method: string, paths: string[]): Fault | undefined {
  const fault = store.list.find((f) => (!f.method || f.method.toUpperCase() === method) && paths.some((p) => p.startsWith(f.path)));
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) store.list.splice(store.list.indexOf(fault), 1);
  return fault;
}
