// A typed client for the stand-ins' test API, for tests that run in another process than
// the stand-ins (vitest beside scripts/test.ts).
import type { FaultSpec } from "./faults";
import type { StandinSnapshot } from "./fixtures";
import type { ServiceName } from "./state";

/** A service of state.ts, or one of services.ts by name. */
type AnyService = ServiceName | (string & {});

export class StandinsClient {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = () =>
      fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A kept-alive connection the server closed just as it was reused fails before any
    // answer ("other side closed"); a read is safe to send once more on a fresh one.
    const res = await send().catch((error: unknown) => {
      if (method !== "GET") throw error;
      return send();
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`stand-ins ${method} ${path}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  state = () => this.call<StandinSnapshot>("GET", "/_state");
  reset = () => this.call<void>("POST", "/_control/reset");
  fault = (spec: FaultSpec) => this.call<{ id: number }>("POST", "/_control/faults", spec);
  clearFaults = () => this.call<void>("DELETE", "/_control/faults");
  clearRequests = () => this.call<void>("DELETE", "/_control/requests");
  addToken = (service: AnyService, token: string) => this.call<void>("POST", "/_control/tokens", { service, token, action: "add" });
  revokeToken = (service: AnyService, token: string) => this.call<void>("POST", "/_control/tokens", { service, token, action: "revoke" });
  githubRepo = (owner: string, repo: string, environments: string[] = []) =>
    this.call<{ id: number; fullName: string }>("POST", "/_control/github/repos", { owner, repo, environments });
  gitlabProject = (path: string) => this.call<{ id: number }>("POST", "/_control/gitlab/projects", { path });
  travisRepo = (slug: string) => this.call<{ id: number }>("POST", "/_control/travis/repos", { slug });
  circleProject = (slug: string) => this.call<{ slug: string }>("POST", "/_control/circleci/projects", { slug });
  webhookReceiver = (name: string, secret: string) => this.call<{ name: string }>("POST", "/_control/webhook/receivers", { name, secret });
  /** POST /_control/<service>/<what>: a place on a service of services.ts. */
  place = (service: string, what: string, body: Record<string, unknown>) =>
    this.call<unknown>("POST", `/_control/${service}/${what}`, body);
  slackHook = (path: string) => this.call<{ path: string }>("POST", "/_control/slack/hooks", { path });

  /** Requests the stand-ins answered whose decoded path starts with `prefix`. */
  async requests(prefix: string, method?: string) {
    const { requests } = await this.state();
    return requests.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method));
  }
}
