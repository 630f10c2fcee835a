/**
 * The whole program (index.ts) with the opposite of the dev choices: VPC isolation on, every paid
 * detection service off, alert emails set. The dev configuration itself is proven control by
 * control in security-policy.test.ts. Limit: mocks prove what is requested, not AWS's answer.
 */
import { VPC_NETWORK_INTERFACE_ACTIONS } from "../../components/image-processor";
import { ofType, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    stack: "dev",
    config: {
      vpcIsolation: true,
      enableGuardDuty: false,
      enableSecurityHub: false,
      enableConfig: false,
      enableCloudTrail: false,
      alertEmails: ["ops@example.com"],
      securityAlertEmails: ["security@example.com"],
      lambdaMemoryMb: 1024,
      lambdaReservedConcurrency: 2,
      objectExpirationDays: 14,
    },
  });
}, 120_000);

test("vpcIsolation puts the function in the isolated subnets with the HTTPS-only group, and grants the ENI actions", () => {
  const fn = single(run, "aws:lambda/function:Function");
  expect(fn.inputs.vpcConfig).toEqual({
    subnetIds: single(run, "awsx:ec2:Vpc").outputs.isolatedSubnetIds,
    securityGroupIds: [single(run, "aws:ec2/securityGroup:SecurityGroup", "network-lambda-sg").id],
  });
  const eniStatement = policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "image-processor-policy")).Statement.at(-1);
  expect(eniStatement).toMatchObject({ Sid: "ManageVpcNetworkInterfaces", Effect: "Allow", Action: VPC_NETWORK_INTERFACE_ACTIONS });
  // Scoped to this account's ENIs and the isolated subnets and Lambda group, never "*".
  expect(eniStatement?.Resource).toEqual([
    "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
    ...(single(run, "awsx:ec2:Vpc").outputs.isolatedSubnetIds as string[]).map((id) => `arn:aws:ec2:us-east-1:123456789012:subnet/${id}`),
    `arn:aws:ec2:us-east-1:123456789012:security-group/${single(run, "aws:ec2/securityGroup:SecurityGroup", "network-lambda-sg").id}`,
  ]);
  expect(
    ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint")
      .map((e) => e.name)
      .sort(),
  ).toEqual(["network-dynamodb-endpoint", "network-s3-endpoint", "network-sns-endpoint"]);
});

test("with the paid services off, none of them is created, and the log bucket admits only S3 access logs", () => {
  const paid = ["aws:guardduty/", "aws:securityhub/", "aws:cfg/", "aws:cloudtrail/"];
  expect(run.resources.filter((r) => paid.some((p) => r.type.startsWith(p))).map((r) => r.type)).toEqual([]);
  expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy")).Statement.map((s) => s.Sid)).toEqual([
    "DenyInsecureTransport",
    "AllowS3ServerAccessLogsWrite",
    "DenyAuditWritesExceptDeliveringServices",
    "DenyAuditDeletes",
  ]);
  // Without Config there is no delivery role to spare: only AWS services may write.
  expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy")).Statement[2].Condition).toEqual({ Bool: { "aws:PrincipalIsAWSService": "false" } });
  // The key-state alerts (one per key), the GuardDuty finding alerts (free rules, for a detector the
  // account may already have) and the alarms are free and stay; no findings bucket without the stack's detector.
  expect(
    ofType(run, "aws:cloudwatch/eventRule:EventRule")
      .map((r) => r.name)
      .sort(),
  ).toEqual(["security-audit-bucket-change", "security-guardduty-critical", "security-guardduty-high", "security-kms-key-state", "security-kms-key-state-1"]);
  expect(ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(6);
  expect(run.resources.filter((r) => r.name.startsWith("findings-"))).toEqual([]);
});

test("alert emails subscribe to the right topic each", () => {
  const topicArn = (name: string) => single(run, "aws:sns/topic:Topic", `${name}-topic`).outputs.arn;
  expect(
    ofType(run, "aws:sns/topicSubscription:TopicSubscription")
      .map((s) => s.inputs)
      .sort((a, b) => String(a.endpoint).localeCompare(String(b.endpoint))),
  ).toEqual([
    { topic: topicArn("notifications"), protocol: "email", endpoint: "ops@example.com" },
    { topic: topicArn("security-alerts"), protocol: "email", endpoint: "security@example.com" },
    // The alerts key's own alerts arrive on the key-alerts topic (under the data key).
    { topic: topicArn("key-alerts"), protocol: "email", endpoint: "security@example.com" },
  ]);
});

test("config values reach the resources", () => {
  expect(single(run, "aws:lambda/function:Function").inputs).toMatchObject({ memorySize: 1024, reservedConcurrentExecutions: 2 });
  expect(
    (single(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "images-lifecycle").inputs.rules as { expiration?: { days: number } }[])[0].expiration,
  ).toEqual({ days: 14 });
});
