import type { TargetType } from "@/lib/rotation/targets/types";

// What the integration form asks for each target type. The server validates with the
// connector's own schema (lib/rotation/targets); this only lays the fields out. Fields
// left empty take the connector's default (the placeholder shows it).

export type FieldSpec = {
  key: string;
  label: string;
  kind?: "text" | "url" | "checkbox";
  placeholder?: string;
  hint?: string;
  required?: boolean;
  /** Shown under "Advanced": API base URLs and variable names rarely change. */
  advanced?: boolean;
};

const apiUrl = (placeholder: string): FieldSpec => ({
  key: "apiUrl",
  label: "API base URL",
  kind: "url",
  placeholder,
  advanced: true,
  hint: "For self-hosted instances; https only.",
});
const names = (idKey: string, secretKey: string, what: string): FieldSpec[] => [
  { key: idKey, label: `${what} for the access key id`, placeholder: "AWS_ACCESS_KEY_ID", advanced: true },
  { key: secretKey, label: `${what} for the secret access key`, placeholder: "AWS_SECRET_ACCESS_KEY", advanced: true },
];

export const TARGET_FIELDS: Record<TargetType, FieldSpec[]> = {
  github: [
    { key: "owner", label: "Owner", placeholder: "acme", required: true },
    { key: "repo", label: "Repository", placeholder: "deploy-bot", required: true },
    { key: "environment", label: "Environment", placeholder: "production", hint: "Leave empty for repository secrets." },
    apiUrl("https://api.github.com"),
    ...names("accessKeyIdSecret", "secretAccessKeySecret", "Secret"),
    { key: "keyIdVariable", label: "Variable naming the key id", placeholder: "KEYLESS_AWS_ACCESS_KEY_ID", advanced: true },
  ],
  gitlab: [
    { key: "project", label: "Project", placeholder: "group/project or 1234", required: true },
    { key: "environmentScope", label: "Environment scope", placeholder: "*" },
    { key: "protected", label: "Protected variables (only on protected branches and tags)", kind: "checkbox" },
    apiUrl("https://gitlab.com/api/v4"),
    ...names("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  travis: [
    { key: "repository", label: "Repository", placeholder: "owner/repo or its id", required: true },
    { key: "branch", label: "Branch", placeholder: "all branches" },
    apiUrl("https://api.travis-ci.com"),
    ...names("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  circleci: [
    { key: "projectSlug", label: "Project slug", placeholder: "gh/acme/web", required: true },
    apiUrl("https://circleci.com/api/v2"),
    ...names("accessKeyIdVariable", "secretAccessKeyVariable", "Variable"),
  ],
  secrets_manager: [
    {
      key: "secretId",
      label: "Secret name or ARN",
      placeholder: "ci/deploy-bot",
      required: true,
      hint: "In the integration's account; created when missing.",
    },
    { key: "region", label: "Region", placeholder: "the server's region" },
    { key: "kmsKeyId", label: "KMS key for a new secret", placeholder: "aws/secretsmanager", advanced: true },
  ],
  webhook: [
    { key: "url", label: "Receiver URL", kind: "url", placeholder: "https://logs.example.com/keyless", required: true },
    {
      key: "healthUrl",
      label: "Health URL",
      kind: "url",
      placeholder: "optional",
      hint: "GET ?keyId=… answering 2xx when it holds that key; without it, verification is the delivery's 2xx.",
    },
  ],
};
