// The sandbox's AWS accounts and role mappings (SPEC "Local sandbox"). Shared by the
// database seed and the moto seed so both sides agree.

export const DEMO_ACCOUNTS = [
  { accountId: "111111111111", name: "Sandbox", description: "Experiments and development" },
  { accountId: "222222222222", name: "Production", description: "Customer-facing workloads" },
] as const;

export type DemoRole = {
  accountId: string;
  roleName: string;
  description: string;
  maxDurationSeconds: number;
  requiresApproval: boolean;
  allowedGroups: string[];
  deliveryMode: "ASSUME_ROLE" | "WEB_IDENTITY";
  /** Break-glass: self-activated for this long (seconds), reviewed afterwards. */
  breakGlassSeconds?: number;
};

export const DEMO_ROLES: DemoRole[] = [
  {
    accountId: "111111111111",
    roleName: "SandboxDeveloper",
    description: "Build and test in the sandbox",
    maxDurationSeconds: 14400,
    requiresApproval: false,
    allowedGroups: ["engineering"],
    deliveryMode: "ASSUME_ROLE",
  },
  {
    accountId: "111111111111",
    roleName: "SandboxReadOnlyWithSso",
    description: "Read-only, assumed with your SSO token",
    maxDurationSeconds: 3600,
    requiresApproval: false,
    allowedGroups: ["engineering", "platform"],
    deliveryMode: "WEB_IDENTITY",
  },
  {
    accountId: "111111111111",
    roleName: "SandboxAdmin",
    description: "Full control of the sandbox account",
    maxDurationSeconds: 3600,
    requiresApproval: false,
    allowedGroups: ["aws-admins"],
    deliveryMode: "ASSUME_ROLE",
  },
  {
    accountId: "222222222222",
    roleName: "ProductionReadOnly",
    description: "Look, don't touch",
    maxDurationSeconds: 3600,
    requiresApproval: false,
    allowedGroups: ["engineering", "platform"],
    deliveryMode: "ASSUME_ROLE",
  },
  {
    accountId: "222222222222",
    roleName: "ProductionDeploy",
    description: "Deploy to production (time-bound, approved)",
    maxDurationSeconds: 3600,
    requiresApproval: true,
    allowedGroups: ["engineering"],
    deliveryMode: "ASSUME_ROLE",
  },
  {
    accountId: "222222222222",
    roleName: "ProductionAdmin",
    description: "Break-glass administration",
    maxDurationSeconds: 3600,
    requiresApproval: false,
    allowedGroups: ["aws-admins"],
    deliveryMode: "ASSUME_ROLE",
  },
  {
    accountId: "222222222222",
    roleName: "ProductionBreakGlass",
    description: "Emergency fixes in production: activate at once, reviewed afterwards",
    maxDurationSeconds: 3600,
    requiresApproval: true,
    allowedGroups: ["engineering"],
    deliveryMode: "ASSUME_ROLE",
    breakGlassSeconds: 3600,
  },
];

export const roleArn = (r: { accountId: string; roleName: string }) => `arn:aws:iam::${r.accountId}:role/${r.roleName}`;

/** The role Keyless reads each account's IAM users and keys through (the default name). */
export const INVENTORY_ROLE_NAME = "KeylessInventory";
export const inventoryRoleArn = (accountId: string) => roleArn({ accountId, roleName: INVENTORY_ROLE_NAME });

/** The role Keyless rotates keys and revokes sessions through (KEYLESS_ROTATION_ROLE_NAME's default). */
export const ROTATION_ROLE_NAME = "KeylessRotation";

/**
 * What each demo role may do in AWS, as a real account would have it: seeded into moto
 * (scripts/sandbox/seed-aws.ts) and read back by the request risk analysis.
 */
export const DEMO_ROLE_POLICIES: Record<string, { managed: string[]; inline?: { name: string; document: object } }> = {
  SandboxDeveloper: { managed: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
  SandboxReadOnlyWithSso: { managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
  SandboxAdmin: { managed: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
  ProductionReadOnly: { managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
  ProductionDeploy: {
    managed: [],
    inline: {
      name: "ScopedDeploy",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ShipArtifacts",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject"],
            Resource: "arn:aws:s3:::acme-prod-artifacts/*",
          },
          { Sid: "ListArtifacts", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::acme-prod-artifacts" },
          {
            Sid: "RollOutServices",
            Effect: "Allow",
            Action: ["ecs:UpdateService", "ecs:DescribeServices"],
            Resource: "arn:aws:ecs:us-east-1:222222222222:service/prod/*",
          },
          {
            Sid: "UpdateFunctions",
            Effect: "Allow",
            Action: "lambda:UpdateFunctionCode",
            Resource: "arn:aws:lambda:us-east-1:222222222222:function:acme-*",
          },
        ],
      },
    },
  },
  ProductionAdmin: { managed: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
};
