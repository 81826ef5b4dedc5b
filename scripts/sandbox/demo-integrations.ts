// The sandbox's demo integrations (SPEC "Local sandbox"): one IAM user each, pushed to a
// stand-in of its service (scripts/sandbox/standins). Short grace periods so an admin can
// rotate one and watch it through to the old key's deletion.
import type { TargetType } from "@/lib/targets";
import { STANDIN_SERVICES } from "./standins/services";
import { STANDIN_TOKENS } from "./standins/state";

export type DemoIntegration = {
  name: string;
  accountId: string;
  iamUserName: string;
  targetType: TargetType;
  settings: (standinsUrl: string) => Record<string, unknown>;
  token: string | null;
  ownerEmail: string;
  rotationIntervalDays: number;
  graceSeconds: number;
  /** Pretend the key was last rotated this many days ago (makes it due or overdue). */
  lastRotatedDaysAgo?: number;
};

export const DEMO_INTEGRATIONS: DemoIntegration[] = [
  {
    name: "deploy-bot (GitHub Actions)",
    accountId: "222222222222",
    iamUserName: "deploy-bot",
    targetType: "github",
    settings: (u) => ({ apiUrl: `${u}/github`, owner: "acme", repo: "deploy-bot", environment: "production" }),
    token: STANDIN_TOKENS.github,
    ownerEmail: "adam@example.com",
    rotationIntervalDays: 90,
    graceSeconds: 120,
  },
  {
    name: "platform API CI (GitLab)",
    accountId: "111111111111",
    iamUserName: "gitlab-platform-api",
    targetType: "gitlab",
    settings: (u) => ({ apiUrl: `${u}/gitlab/api/v4`, project: "acme/platform/api", protected: true }),
    token: STANDIN_TOKENS.gitlab,
    ownerEmail: "mona@example.com",
    rotationIntervalDays: 30,
    graceSeconds: 120,
  },
  {
    name: "log-shipper (webhook)",
    accountId: "111111111111",
    iamUserName: "log-shipper",
    targetType: "webhook",
    settings: (u) => ({ url: `${u}/webhook/log-shipper`, healthUrl: `${u}/webhook/log-shipper` }),
    token: STANDIN_TOKENS.webhook,
    ownerEmail: "adam@example.com",
    rotationIntervalDays: 60,
    graceSeconds: 120,
  },
  {
    name: "legacy app (Secrets Manager)",
    accountId: "111111111111",
    iamUserName: "legacy-app",
    targetType: "secrets_manager",
    settings: () => ({ secretId: "legacy-app/aws-credentials" }),
    token: null,
    ownerEmail: "alice@example.com",
    rotationIntervalDays: 90,
    graceSeconds: 120,
  },
  {
    name: "web frontend (CircleCI)",
    accountId: "111111111111",
    iamUserName: "circleci-web",
    targetType: "circleci",
    settings: (u) => ({ apiUrl: `${u}/circleci/api/v2`, projectSlug: "gh/acme/web" }),
    token: STANDIN_TOKENS.circleci,
    ownerEmail: "mona@example.com",
    rotationIntervalDays: 90,
    graceSeconds: 120,
  },
  {
    name: "legacy app CI (Travis)",
    accountId: "111111111111",
    iamUserName: "travis-legacy-app",
    targetType: "travis",
    settings: (u) => ({ apiUrl: `${u}/travis`, repository: "acme/legacy-app" }),
    token: STANDIN_TOKENS.travis,
    ownerEmail: "alice@example.com",
    rotationIntervalDays: 90,
    graceSeconds: 120,
    // Overdue: the scheduler rotates it within minutes of the sandbox starting.
    lastRotatedDaysAgo: 97,
  },
  // The stand-ins of standins/services.ts bring their own demo integration.
  ...STANDIN_SERVICES.flatMap((s): DemoIntegration[] =>
    s.demo
      ? [
          {
            ...s.demo,
            accountId: "111111111111",
            targetType: s.name as TargetType,
            token: s.token,
            rotationIntervalDays: 90,
            graceSeconds: 120,
          },
        ]
      : [],
  ),
];
