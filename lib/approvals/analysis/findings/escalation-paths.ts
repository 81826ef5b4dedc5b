import type { RiskLevel } from "@/lib/approvals/risk-types";

// The published IAM privilege-escalation paths: Rhino Security Labs' list ("AWS IAM
// Privilege Escalation – Methods and Mitigation", 2018) and what followed it (Bishop Fox's
// iam-vulnerable, the pathfinding.cloud catalogue): ways for a principal to become more
// powerful than its own policy says. A path fires when every action in `all` (and one of
// `any`) is allowed. `level` applies when the first action is allowed on every resource
// of its kind; `scoped` when only on some (null: not a finding when scoped).

export type EscalationPath = { all: string[]; any?: string[]; level: RiskLevel; scoped: RiskLevel | null; why: string };

// The severities (level, scoped) the table uses.
const CRITICAL = { level: "critical", scoped: "high" } as const;
const HIGH = { level: "high", scoped: "medium" } as const;
const HIGH_UNSCOPED = { level: "high", scoped: null } as const;

/** One row of the table: the actions that must all be allowed, how bad, why, and one of `any` when given. */
const path = (all: string[], severity: Pick<EscalationPath, "level" | "scoped">, why: string, any?: string[]): EscalationPath => ({
  all,
  ...(any ? { any } : {}),
  ...severity,
  why,
});

/** iam:PassRole to a service that runs code (`compute`): critical. */
const passRole = (compute: string[], why: string, any?: string[]) => path(["iam:PassRole", ...compute], CRITICAL, why, any);

export const ESCALATION_PATHS: EscalationPath[] = [
  // Changing identities and policies directly.
  path(["iam:CreateAccessKey"], CRITICAL, "Can create access keys for other IAM users, then act as them"),
  path(["iam:CreateLoginProfile"], CRITICAL, "Can give other IAM users a console password, then sign in as them"),
  path(["iam:UpdateLoginProfile"], CRITICAL, "Can change other IAM users' console passwords, then sign in as them"),
  path(["iam:CreatePolicyVersion"], CRITICAL, "Can rewrite managed policies, its own included, to allow everything"),
  path(["iam:SetDefaultPolicyVersion"], HIGH, "Can switch managed policies to an older version that may allow more"),
  path(["iam:AttachUserPolicy"], CRITICAL, "Can attach any managed policy, AdministratorAccess included, to users (itself too)"),
  path(["iam:AttachGroupPolicy"], CRITICAL, "Can attach any managed policy, AdministratorAccess included, to groups"),
  path(["iam:AttachRolePolicy"], CRITICAL, "Can attach any managed policy, AdministratorAccess included, to roles"),
  path(["iam:PutUserPolicy"], CRITICAL, "Can write inline policies that allow anything onto users (itself too)"),
  path(["iam:PutGroupPolicy"], CRITICAL, "Can write inline policies that allow anything onto groups"),
  path(["iam:PutRolePolicy"], CRITICAL, "Can write inline policies that allow anything onto roles"),
  path(["iam:AddUserToGroup"], CRITICAL, "Can add users, itself included, to groups and gain their permissions"),
  path(["iam:UpdateAssumeRolePolicy"], CRITICAL, "Can change who may assume roles, then assume them"),
  path([], HIGH, "Can remove or replace the permissions boundaries that cap users and roles", [
    "iam:DeleteUserPermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
  ]),
  // Handing a role to a service that runs code with it (iam:PassRole + compute).
  passRole(["ec2:RunInstances"], "Can start EC2 instances with a role of its choosing and run code on them as that role"),
  passRole(["ec2:RequestSpotInstances"], "Can start spot instances with a role of its choosing and run code as that role"),
  passRole(["lambda:CreateFunction"], "Can create Lambda functions with a role of its choosing and run them", [
    "lambda:InvokeFunction",
    "lambda:CreateEventSourceMapping",
    "lambda:CreateFunctionUrlConfig",
    "lambda:AddPermission",
  ]),
  passRole(["glue:CreateDevEndpoint"], "Can create Glue development endpoints with a role of its choosing and log in to them"),
  passRole(["glue:CreateJob"], "Can create and run Glue jobs with a role of its choosing", ["glue:StartJobRun", "glue:CreateTrigger"]),
  passRole(["cloudformation:CreateStack"], "Can create CloudFormation stacks that act with a role of its choosing"),
  passRole(
    ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
    "Can create data pipelines that run commands with a role of its choosing",
  ),
  passRole(["ecs:RegisterTaskDefinition"], "Can run ECS tasks with a role of its choosing", [
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:CreateService",
    "ecs:UpdateService",
  ]),
  passRole(
    ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
    "Can create SageMaker notebooks with a role of its choosing and open them",
  ),
  passRole([], "Can run SageMaker jobs with a role of its choosing", ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"]),
  passRole(["codebuild:CreateProject"], "Can run CodeBuild builds with a role of its choosing", [
    "codebuild:StartBuild",
    "codebuild:StartBuildBatch",
  ]),
  passRole(["autoscaling:CreateAutoScalingGroup"], "Can launch instances through Auto Scaling with a role of its choosing", [
    "autoscaling:CreateLaunchConfiguration",
    "ec2:CreateLaunchTemplate",
  ]),
  passRole(["apprunner:CreateService"], "Can run App Runner services with a role of its choosing"),
  passRole(["states:CreateStateMachine", "states:StartExecution"], "Can run Step Functions workflows with a role of its choosing"),
  // Running code inside what already exists, with the roles already attached to it.
  path(["lambda:UpdateFunctionCode"], HIGH, "Can replace the code of Lambda functions, which then run with their own roles"),
  path(
    ["lambda:UpdateFunctionConfiguration"],
    HIGH,
    "Can change Lambda functions' layers and settings so they run other code with their roles",
  ),
  path(["glue:UpdateDevEndpoint"], HIGH, "Can add its own SSH key to Glue development endpoints and act with their roles"),
  path(["cloudformation:UpdateStack"], HIGH, "Can change CloudFormation stacks, which act with their own service roles"),
  path(["codebuild:UpdateProject"], HIGH, "Can change CodeBuild projects' commands and run them with the projects' roles", [
    "codebuild:StartBuild",
    "codebuild:StartBuildBatch",
  ]),
  path(["sagemaker:CreatePresignedNotebookInstanceUrl"], HIGH, "Can open SageMaker notebooks, which run with their own roles"),
  path(
    ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
    HIGH,
    "Can change instances' start-up scripts and restart them, running code as the instances' roles",
  ),
  path(["ssm:SendCommand"], HIGH, "Can run commands on EC2 instances as their roles"),
  path(["ssm:StartSession"], HIGH, "Can open a shell on EC2 instances and act as their roles"),
  path(["ec2-instance-connect:SendSSHPublicKey"], HIGH, "Can log in to EC2 instances over SSH and act as their roles"),
  path(["sts:AssumeRole"], HIGH_UNSCOPED, "Can assume any role, in any account, whose trust policy lets it in"),
];

/** The finding's stable code: "privilege-escalation:iam:PassRole+ec2:RunInstances". */
export function pathCode(path: EscalationPath): string {
  return `privilege-escalation:${[...path.all, ...(path.all.length <= 1 && path.any ? [path.any[0]!] : [])].join("+")}`;
}
