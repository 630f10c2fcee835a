// The image Lambda's IAM: its inline policy, its permissions boundary and its trust policy.
import { PolicyStatement, policyDocument } from "./policy-document";

/**
 * EC2 actions Lambda needs to attach the function to a VPC (AWSLambdaVPCAccessExecutionRole's
 * list). The two Describe actions only accept `*`; the others are scoped to this account and
 * region's network interfaces and to the function's own subnets and security groups.
 */
export const VPC_DESCRIBE_ACTIONS = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"];
export const VPC_NETWORK_INTERFACE_ACTIONS = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"];

/** The resolved ARNs the ENI statements are scoped to. */
export interface ProcessorVpcArns {
  /** `arn:<partition>:ec2:<region>:<account>:network-interface/*` */
  readonly networkInterfaceArn: string;
  readonly subnetArns: string[];
  readonly securityGroupArns: string[];
}

/** The resolved ARNs the role's policies are built from. */
export interface ProcessorArns {
  readonly bucketArn: string;
  readonly tableArn: string;
  readonly topicArn: string;
  readonly keyArn: string;
  readonly logGroupArn: string;
  readonly failureQueueArn: string;
  readonly uploadPrefix: string;
  readonly processedPrefix: string;
  /** Set only when the function runs in a VPC. */
  readonly vpc?: ProcessorVpcArns;
}

function vpcStatements(vpc: ProcessorVpcArns, sidPrefix: string): PolicyStatement[] {
  return [
    { Sid: `${sidPrefix}DescribeVpcNetwork`, Effect: "Allow", Action: VPC_DESCRIBE_ACTIONS, Resource: "*" },
    {
      Sid: `${sidPrefix}VpcNetworkInterfaces`,
      Effect: "Allow",
      Action: VPC_NETWORK_INTERFACE_ACTIONS,
      Resource: [vpc.networkInterfaceArn, ...vpc.subnetArns, ...vpc.securityGroupArns],
    },
  ];
}

/** The execution role's inline policy: exactly what the handler does, nothing else. */
export function processorPolicyStatements(a: ProcessorArns): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.bucketArn}/${a.uploadPrefix}*` },
    { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: `${a.bucketArn}/${a.processedPrefix}*` },
    { Sid: "PutRecords", Effect: "Allow", Action: "dynamodb:PutItem", Resource: a.tableArn },
    { Sid: "PublishNotifications", Effect: "Allow", Action: "sns:Publish", Resource: a.topicArn },
    { Sid: "UseDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: a.keyArn },
    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${a.logGroupArn}:*` },
    // Async-invocation destinations are sent with the execution role's permissions.
    { Sid: "SendFailedEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.failureQueueArn },
  ];
  if (a.vpc) statements.push(...vpcStatements(a.vpc, "Manage"));
  return statements;
}

/**
 * The permissions boundary: security policy appendix C's maximum, so a later, broader inline
 * policy still cannot exceed it. Two additions, each required by a control of the same policy:
 * `sqs:SendMessage` to the failure queue (bounded retries need somewhere to put failed events)
 * and, only with VPC isolation, the ENI actions Lambda needs to join the VPC (3.3).
 */
export function processorBoundaryStatements(a: ProcessorArns): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "MaxS3Objects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [`${a.bucketArn}/${a.uploadPrefix}*`, `${a.bucketArn}/${a.processedPrefix}*`],
    },
    { Sid: "MaxDynamoDbPutItem", Effect: "Allow", Action: "dynamodb:PutItem", Resource: a.tableArn },
    { Sid: "MaxSnsPublish", Effect: "Allow", Action: "sns:Publish", Resource: a.topicArn },
    { Sid: "MaxKmsDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: a.keyArn },
    {
      Sid: "MaxCloudWatchLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [a.logGroupArn, `${a.logGroupArn}:*`],
    },
    { Sid: "MaxSqsFailureQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: a.failureQueueArn },
  ];
  if (a.vpc) statements.push(...vpcStatements(a.vpc, "Max"));
  return statements;
}

// A trust policy names no Resource: IAM rejects one ("Has prohibited field Resource").
export const LAMBDA_TRUST_POLICY = policyDocument([{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
