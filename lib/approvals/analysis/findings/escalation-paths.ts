import type { RiskLevel } from "@/lib/approvals/risk-types";

// The published IAM privilege-escalation paths: Rhino Security Labs' list ("AWS IAM
// Privilege Escalation – Methods and Mitigation", 2018) and what followed it (Bishop Fox's
// iam-vulnerable, the pathfinding.cloud catalogue): ways for a principal to become more
// powerful than its own policy says. A path fires when every action in `all` (and one of
// `any`) is allowed. `level` applies when the first action is allowed on every resource
// of its kind; `scoped` when only on some (null: not a finding when scoped).

export type EscalationPath = { all: string[]; any?: string[]; level: RiskLevel; scoped: RiskLevel | null; why: string };

const passRole = (compute: string[], any: string[] | undefined, why: string): EscalationPath => ({
  all: ["iam:PassRole", ...compute],
  ...(any ? { any } : {}),
  level: "critical",
  scoped: "high",
  why,
});

export const ESCALATION_PATHS: EscalationPath[] = [
  // Changing identities and policies directly.
  { all: ["iam:CreateAccessKey"], level: "critical", scoped: "high", why: "Can create access keys for other IAM users, then act as them" },
  {
    all: ["iam:CreateLoginProfile"],
    level: "critical",
    scoped: "high",
    why: "Can give other IAM users a console password, then sign in as them",
  },
  {
    all: ["iam:UpdateLoginProfile"],
    level: "critical",
    scoped: "high",
    why: "Can change other IAM users' console passwords, then sign in as them",
  },
  {
    all: ["iam:CreatePolicyVersion"],
    level: "critical",
    scoped: "high",
    why: "Can rewrite managed policies, its own included, to allow everything",
  },
  {
    all: ["iam:SetDefaultPolicyVersion"],
    level: "high",
    scoped: "medium",
    why: "Can switch managed policies to an older version that may allow more",
  },
  {
    all: ["iam:AttachUserPolicy"],
    level: "critical",
    scoped: "high",
    why: "Can attach any managed policy, AdministratorAccess included, to users (itself too)",
  },
  {
    all: ["iam:AttachGroupPolicy"],
    level: "critical",
    scoped: "high",
    why: "Can attach any managed policy, AdministratorAccess included, to groups",
  },
  {
    all: ["iam:AttachRolePolicy"],
    level: "critical",
    scoped: "high",
    why: "Can attach any managed policy, AdministratorAccess included, to roles",
  },
  {
    all: ["iam:PutUserPolicy"],
    level: "critical",
    scoped: "high",
    why: "Can write inline policies that allow anything onto users (itself too)",
  },
  { all: ["iam:PutGroupPolicy"], level: "critical", scoped: "high", why: "Can write inline policies that allow anything onto groups" },
  { all: ["iam:PutRolePolicy"], level: "critical", scoped: "high", why: "Can write inline policies that allow anything onto roles" },
  {
    all: ["iam:AddUserToGroup"],
    level: "critical",
    scoped: "high",
    why: "Can add users, itself included, to groups and gain their permissions",
  },
  { all: ["iam:UpdateAssumeRolePolicy"], level: "critical", scoped: "high", why: "Can change who may assume roles, then assume them" },
  {
    all: [],
    any: [
      "iam:DeleteUserPermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary",
      "iam:PutUserPermissionsBoundary",
      "iam:PutRolePermissionsBoundary",
    ],
    level: "high",
    scoped: "medium",
    why: "Can remove or replace the permissions boundaries that cap users and roles",
  },
  // Handing a role to a service that runs code with it (iam:PassRole + compute).
  passRole(["ec2:RunInstances"], undefined, "Can start EC2 instances with a role of its choosing and run code on them as that role"),
  passRole(["ec2:RequestSpotInstances"], undefined, "Can start spot instances with a role of its choosing and run code as that role"),
  passRole(
    ["lambda:CreateFunction"],
    ["lambda:InvokeFunction", "lambda:CreateEventSourceMapping", "lambda:CreateFunctionUrlConfig", "lambda:AddPermission"],
    "Can create Lambda functions with a role of its choosing and run them",
  ),
  passRole(["glue:CreateDevEndpoint"], undefined, "Can create Glue development endpoints with a role of its choosing and log in to them"),
  passRole(["glue:CreateJob"], ["glue:StartJobRun", "glue:CreateTrigger"], "Can create and run Glue jobs with a role of its choosing"),
  passRole(["cloudformation:CreateStack"], undefined, "Can create CloudFormation stacks that act with a role of its choosing"),
  passRole(
    ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
    undefined,
    "Can create data pipelines that run commands with a role of its choosing",
  ),
  passRole(
    ["ecs:RegisterTaskDefinition"],
    ["ecs:RunTask", "ecs:StartTask", "ecs:CreateService", "ecs:UpdateService"],
    "Can run ECS tasks with a role of its choosing",
  ),
  passRole(
    ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
    undefined,
    "Can create SageMaker notebooks with a role of its choosing and open them",
  ),
  passRole([], ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"], "Can run SageMaker jobs with a role of its choosing"),
  passRole(
    ["codebuild:CreateProject"],
    ["codebuild:StartBuild", "codebuild:StartBuildBatch"],
    "Can run CodeBuild builds with a role of its choosing",
  ),
  passRole(
    ["autoscaling:CreateAutoScalingGroup"],
    ["autoscaling:CreateLaunchConfiguration", "ec2:CreateLaunchTemplate"],
    "Can launch instances through Auto Scaling with a role of its choosing",
  ),
  passRole(["apprunner:CreateService"], undefined, "Can run App Runner services with a role of its choosing"),
  passRole(
    ["states:CreateStateMachine", "states:StartExecution"],
    undefined,
    "Can run Step Functions workflows with a role of its choosing",
  ),
  // Running code inside what already exists, with the roles already attached to it.
  {
    all: ["lambda:UpdateFunctionCode"],
    level: "high",
    scoped: "medium",
    why: "Can replace the code of Lambda functions, which then run with their own roles",
  },
  {
    all: ["lambda:UpdateFunctionConfiguration"],
    level: "high",
    scoped: "medium",
    why: "Can change Lambda functions' layers and settings so they run other code with their roles",
  },
  {
    all: ["glue:UpdateDevEndpoint"],
    level: "high",
    scoped: "medium",
    why: "Can add its own SSH key to Glue development endpoints and act with their roles",
  },
  {
    all: ["cloudformation:UpdateStack"],
    level: "high",
    scoped: "medium",
    why: "Can change CloudFormation stacks, which act with their own service roles",
  },
  {
    all: ["codebuild:UpdateProject"],
    any: ["codebuild:StartBuild", "codebuild:StartBuildBatch"],
    level: "high",
    scoped: "medium",
    why: "Can change CodeBuild projects' commands and run them with the projects' roles",
  },
  {
    all: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
    level: "high",
    scoped: "medium",
    why: "Can open SageMaker notebooks, which run with their own roles",
  },
  {
    all: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
    level: "high",
    scoped: "medium",
    why: "Can change instances' start-up scripts and restart them, running code as the instances' roles",
  },
  { all: ["ssm:SendCommand"], level: "high", scoped: "medium", why: "Can run commands on EC2 instances as their roles" },
  { all: ["ssm:StartSession"], level: "high", scoped: "medium", why: "Can open a shell on EC2 instances and act as their roles" },
  {
    all: ["ec2-instance-connect:SendSSHPublicKey"],
    level: "high",
    scoped: "medium",
    why: "Can log in to EC2 instances over SSH and act as their roles",
  },
  { all: ["sts:AssumeRole"], level: "high", scoped: null, why: "Can assume any role, in any account, whose trust policy lets it in" },
];

/** The finding's stable code: "privilege-escalation:iam:PassRole+ec2:RunInstances". */
export function pathCode(path: EscalationPath): string {
  return `privilege-escalation:${[...path.all, ...(path.all.length <= 1 && path.any ? [path.any[0]!] : [])].join("+")}`;
}
