/**
 * Privilege-escalation paths in IAM, kept as data: each row is a set of actions that together let
 * a principal raise its own privileges, with the public source that documents it. Rows follow
 * Rhino Security Labs' "AWS IAM Privilege Escalation – Methods and Mitigation" (numbered as there).
 *
 * `target: "iam"` actions escalate only when they reach an IAM resource the principal does not
 * already own by name: `*`, a pattern with a wildcard, or the principal itself. `passRole: true`
 * rows need iam:PassRole on a pattern (any role, a more privileged one among them) together with
 * the compute actions, which count on any resource.
 */
export interface EscalationPath {
  readonly id: string;
  readonly title: string;
  /** IAM actions that must reach a broad or self resource. */
  readonly iamActions: readonly string[];
  /** Other actions that must be held on any resource. */
  readonly otherActions: readonly string[];
  /** Whether iam:PassRole on a role pattern is part of the path. */
  readonly passRole: boolean;
  readonly source: string;
}

const RHINO = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";

const path = (id: string, title: string, iamActions: string[], otherActions: string[] = [], passRole = false): EscalationPath => ({
  id,
  title,
  iamActions,
  otherActions,
  passRole,
  source: `${RHINO} (method ${id.replace(/^rhino-/, "")})`,
});

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  path("rhino-1", "create a new default version of a managed policy", ["iam:CreatePolicyVersion"]),
  path("rhino-2", "switch a managed policy to an older, broader version", ["iam:SetDefaultPolicyVersion"]),
  path("rhino-3", "launch an EC2 instance with a more privileged instance role", [], ["ec2:RunInstances"], true),
  path("rhino-4", "create access keys for another user", ["iam:CreateAccessKey"]),
  path("rhino-5", "create a console password for another user", ["iam:CreateLoginProfile"]),
  path("rhino-6", "change another user's console password", ["iam:UpdateLoginProfile"]),
  path("rhino-7", "attach a managed policy to a user", ["iam:AttachUserPolicy"]),
  path("rhino-8", "attach a managed policy to a group", ["iam:AttachGroupPolicy"]),
  path("rhino-9", "attach a managed policy to a role", ["iam:AttachRolePolicy"]),
  path("rhino-10", "write an inline policy of a user", ["iam:PutUserPolicy"]),
  path("rhino-11", "write an inline policy of a group", ["iam:PutGroupPolicy"]),
  path("rhino-12", "write an inline policy of a role", ["iam:PutRolePolicy"]),
  path("rhino-13", "add a user to a more privileged group", ["iam:AddUserToGroup"]),
  path("rhino-14", "rewrite a role's trust policy and assume it", ["iam:UpdateAssumeRolePolicy"]),
  path("rhino-15", "create a Lambda function with a more privileged role", [], ["lambda:CreateFunction"], true),
  path("rhino-17", "replace the code of a function that runs with a more privileged role", [], ["lambda:UpdateFunctionCode"]),
  path("rhino-18", "create a Glue development endpoint with a more privileged role", [], ["glue:CreateDevEndpoint"], true),
  path("rhino-19", "take over an existing Glue development endpoint", [], ["glue:UpdateDevEndpoint"]),
  path("rhino-20", "create a CloudFormation stack with a more privileged role", [], ["cloudformation:CreateStack"], true),
  path("rhino-21", "create a Data Pipeline that runs with a more privileged role", [], ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"], true),
];
