// The stand-ins' in-memory state: valid API tokens, the repositories and projects each
// service knows, what was written to them (GitHub secrets decrypted), webhook deliveries,
// Slack messages, faults and a request log. Sandbox only: it holds secrets in clear so
// tests can check them, and is served to loopback clients only.
import sodium from "libsodium-wrappers";
import type { FaultStore } from "./faults";
import { STANDIN_SERVICES } from "./services";

export const SERVICES = ["github", "gitlab", "travis", "circleci"] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The tokens the stand-ins accept out of the box (sandbox values, not secrets). */
export const STANDIN_TOKENS = {
  github: "ghp_keylessSandboxToken000000000000000000",
  gitlab: "glpat-keyless-sandbox-token",
  travis: "keyless-sandbox-travis-token",
  circleci: "CCIPAT_keyless_sandbox_token",
  webhook: "whsec_keyless_sandbox_signing_secret",
} as const;
export const SLACK_HOOK_PATH = "TSANDBOX/BSANDBOX/keylesssandboxhook";
/** The sandbox Slack app: the bot token users.info accepts and the secret Keyless checks clicks with. */
export const SLACK_APP = { botToken: "xoxb-keyless-sandbox-bot-token", signingSecret: "keyless-sandbox-slack-signing-secret" } as const;
/** Slack members of the sandbox workspace (the demo users, and one Keyless does not know). */
export const SLACK_USERS = [
  { id: "U0ALICE001", email: "alice@example.com" },
  { id: "U0MONA0001", email: "mona@example.com" },
  { id: "U0ADAM0001", email: "adam@example.com" },
  { id: "U0STRANGER", email: "stranger@elsewhere.example" },
] as const;

export type Timestamped = { value: string; created_at: string; updated_at: string };
export type GithubScope = {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  secrets: Map<string, Timestamped>;
  variables: Map<string, Timestamped>;
};
export type GithubRepo = { id: number; fullName: string; scope: GithubScope; environments: Map<string, GithubScope> };
export type GitlabVariable = {
  variable_type: string;
  key: string;
  value: string;
  hidden: boolean;
  protected: boolean;
  masked: boolean;
  raw: boolean;
  environment_scope: string;
  description: string | null;
};
export type GitlabProject = { id: number; path: string; variables: GitlabVariable[] };
export type TravisEnvVar = { id: string; name: string; value: string; public: boolean; branch: string | null };
export type TravisRepo = { id: number; slug: string; envVars: TravisEnvVar[] };
export type CircleProject = { slug: string; envVars: Map<string, { value: string; createdAt: string }> };
export type WebhookDelivery = {
  deliveryId: string | null;
  signature: "valid" | "missing" | "malformed" | "expired" | "mismatch";
  duplicate: boolean;
  event?: unknown;
  integration?: unknown;
  accessKeyId?: unknown;
  secretAccessKey?: unknown;
  rotatedAt?: unknown;
  receivedAt: string;
};
export type WebhookReceiver = { name: string; secret: string; heldKeyId: string | null; deliveries: WebhookDelivery[] };
export type RequestRecord = { method: string; path: string; status: number; fault?: string; at: string };

export type StandinState = {
  tokens: Record<ServiceName, Set<string>>;
  github: Map<string, GithubRepo>; // key: lower-case "owner/repo"
  gitlab: Map<number, GitlabProject>;
  travis: Map<number, TravisRepo>;
  circleci: Map<string, CircleProject>;
  receivers: Map<string, WebhookReceiver>;
  /** The services of services.ts: their state and accepted tokens, by name. */
  services: Record<string, { state: unknown; tokens: Set<string> }>;
  slackHooks: Set<string>;
  slack: { hook: string; payload: unknown; receivedAt: string }[];
  /** What Keyless posted back to a message's response_url after a button click. */
  slackResponses: { id: string; payload: unknown; receivedAt: string }[];
  faults: FaultStore;
  requests: RequestRecord[];
  nextId: number;
};

export function emptyState(): StandinState {
  return {
    tokens: { github: new Set(), gitlab: new Set(), travis: new Set(), circleci: new Set() },
    github: new Map(),
    gitlab: new Map(),
    travis: new Map(),
    circleci: new Map(),
    receivers: new Map(),
    services: Object.fromEntries(STANDIN_SERVICES.map((s) => [s.name, { state: s.empty(), tokens: new Set<string>() }])),
    slackHooks: new Set(),
    slack: [],
    slackResponses: [],
    faults: { list: [], nextId: 1 },
    requests: [],
    nextId: 1000,
  };
}

/** A fresh GitHub key pair per repository/environment, as GitHub keeps one per scope. Needs sodium.ready. */
export function githubScope(state: StandinState): GithubScope {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  return {
    keyId: `568250167242${String(state.nextId++).padStart(6, "0")}`,
    publicKey,
    privateKey,
    secrets: new Map(),
    variables: new Map(),
  };
}
