import { TerminalBlock } from "@/components/cli/terminal-block";

// "Which command for which tool": every way the CLI hands out short-lived credentials, so
// that no tool remains a reason to keep an access key. Commands use the person's own role.

type Way = { id: string; when: string; how: React.ReactNode; code: (role: string, profile: string) => string };

/** A flag or name in prose, never broken at its hyphens. */
const C = ({ children }: { children: string }) => <code className="font-mono text-xs whitespace-nowrap">{children}</code>;

const WAYS: Way[] = [
  {
    id: "credentials",
    when: "AWS CLI, SDKs, Terraform, most tools",
    how: (
      <>
        AWS profiles whose <C>credential_process</C> runs <C>keyless credentials</C>: every tool refreshes by itself. Start here.
      </>
    ),
    code: (_role, profile) => `keyless configure\naws s3 ls --profile ${profile}`,
  },
  {
    id: "env",
    when: "One shell, one role, for a while",
    how: "Exports for bash, zsh, fish or PowerShell. They expire with the credentials and are not refreshed.",
    code: (role) => `eval "$(keyless env --role ${role})"`,
  },
  {
    id: "exec",
    when: "One command, however long it runs",
    how: "Runs the command with a local credential endpoint the SDKs refresh from, so it never sees credentials expire. Its exit code is passed through.",
    code: (role) => `keyless exec --role ${role} -- terraform apply`,
  },
  {
    id: "serve",
    when: "Containers and IDEs",
    how: (
      <>
        The same endpoint as a long-lived process, on loopback only (the docker bridge with <C>--docker</C>), token required. Give the
        container its URL and token as <C>AWS_CONTAINER_CREDENTIALS_FULL_URI</C> and <C>AWS_CONTAINER_AUTHORIZATION_TOKEN</C>.
      </>
    ),
    code: (role) => `keyless serve --role ${role} --docker`,
  },
  {
    id: "export",
    when: "Legacy tools that read only ~/.aws/credentials",
    how: (
      <>
        Writes one profile block into the credentials file (0600, other profiles untouched), refreshed while <C>--watch</C> runs and removed
        when it stops.
      </>
    ),
    code: (role) => `keyless export --role ${role} --profile legacy --watch`,
  },
  {
    id: "console",
    when: "The AWS console",
    how: (
      <>
        Opens the console as the role, at a service and region; <C>--print</C> gives the link for a browser elsewhere (in a container).
      </>
    ),
    code: (role) => `keyless console --role ${role} \\\n    --service s3 --region eu-west-1`,
  },
];

export function WhichCommand({ role, profile }: { role: string; profile: string }) {
  return (
    <section aria-labelledby="which-command" className="mt-8">
      <h2 id="which-command" className="mb-1 text-sm font-semibold text-slate-900">
        Which command for which tool
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        Every one gives short-lived credentials after your SSO sign-in; none leaves a key behind. Stuck?{" "}
        <code className="font-mono text-xs">keyless doctor</code> checks your setup and says what to fix.
      </p>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="which-command">
        {WAYS.map((w) => (
          <li key={w.id} className="grid gap-3 p-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)] lg:gap-6">
            <div>
              <h3 className="text-sm font-medium text-slate-900">
                <code className="bg-brand-50 text-brand-700 rounded px-1.5 py-0.5 font-mono text-xs">keyless {w.id}</code>{" "}
                <span className="ml-1">{w.when}</span>
              </h3>
              <p className="mt-1 text-sm text-slate-600">{w.how}</p>
            </div>
            <TerminalBlock code={w.code(role, profile)} className="self-start" />
          </li>
        ))}
      </ul>
    </section>
  );
}
