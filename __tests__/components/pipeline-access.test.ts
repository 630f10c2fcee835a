/** PipelineAccess under mocks: the client roles, their trust and exact inline policies the program asks IAM for (the flow proof evaluates them). */
import { PipelineAccess, PipelineAccessArgs } from "../../components";
import { childrenOf, policyOf, single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const BUCKET = "arn:aws:s3:::images-bucket-1a2b3c4";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:failures`;
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:processor`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/records`;
const AUDIT = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/audit`;
const ARGS: PipelineAccessArgs = {
  roleNames: { uploader: "up-dev", reader: "read-dev", operator: "ops-dev" },
  bucketArn: BUCKET,
  uploadPrefix: "uploads/",
  processedPrefix: "processed/",
  kmsKeyArn: KEY,
  tableArn: TABLE,
  failureQueueArn: QUEUE,
  functionArn: FN,
  logGroupArns: [AUDIT],
  trailLogs: { bucketArn: "arn:aws:s3:::logs", keyPrefix: "cloudtrail/" },
};
const TEAM = "arn:aws:iam::210987654321:role/team-uploader";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      new PipelineAccess("clients", { ...ARGS, trustedPrincipals: { uploader: [TEAM] } });
      new PipelineAccess("no-trail", { ...ARGS, roleNames: { uploader: "up2", reader: "read2", operator: "ops2" }, trailLogs: undefined });
      return {};
    },
  });
}, 120_000);

const inline = (name: string) => policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", name)).Statement;

test("three named roles, each with exactly one inline policy and no managed policies", () => {
  const component = single(run, "secure-image-pipeline:security:PipelineAccess", "clients");
  expect(
    childrenOf(run, component)
      .map((r) => `${r.type} ${r.name}`)
      .sort(),
  ).toEqual(
    ["uploader", "reader", "operator"]
      .flatMap((k) => [
        `aws:iam/role:Role clients-${k}`,
        `aws:iam/rolePolicy:RolePolicy clients-${k}-policy`,
        `aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive clients-${k}-no-managed-policies`,
        `aws:iam/rolePoliciesExclusive:RolePoliciesExclusive clients-${k}-only-inline-policy`,
      ])
      .sort(),
  );
  expect(single(run, "aws:iam/role:Role", "clients-reader").inputs.name).toBe("read-dev");
});

test("trust: the named principals, or the account root when none are named", () => {
  expect(policyOf(single(run, "aws:iam/role:Role", "clients-uploader"), "assumeRolePolicy").Statement).toEqual([
    { Sid: "TrustedPrincipalsAssumeRole", Effect: "Allow", Principal: { AWS: [TEAM] }, Action: "sts:AssumeRole" },
  ]);
  expect(policyOf(single(run, "aws:iam/role:Role", "clients-reader"), "assumeRolePolicy").Statement).toEqual([
    { Sid: "TrustedPrincipalsAssumeRole", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
  ]);
});

test("uploader writes uploads/ only; reader reads processed/ and the records; the key only by ARN", () => {
  expect(inline("clients-uploader-policy")).toEqual([
    { Sid: "WriteUploads", Effect: "Allow", Action: "s3:PutObject", Resource: `${BUCKET}/uploads/*` },
    { Sid: "EncryptUploadsThroughS3", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY },
  ]);
  expect(inline("clients-reader-policy")).toEqual([
    { Sid: "ReadProcessed", Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/processed/*` },
    { Sid: "DecryptProcessedThroughS3", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY },
    { Sid: "ReadRecords", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: TABLE },
  ]);
});

test("operator replays the failure queue, reads the log groups and (with a trail) the CloudTrail files", () => {
  const replay = [
    {
      Sid: "ReplayFailureQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      Resource: QUEUE,
    },
    { Sid: "ReinvokeFunction", Effect: "Allow", Action: ["lambda:InvokeFunction", "lambda:GetFunctionEventInvokeConfig"], Resource: FN },
    { Sid: "DecryptQueueAndTrail", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY },
    { Sid: "ReadLogGroups", Effect: "Allow", Action: ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:DescribeLogStreams"], Resource: [AUDIT, `${AUDIT}:*`] },
  ];
  expect(inline("clients-operator-policy")).toEqual([
    ...replay,
    { Sid: "ReadTrailFiles", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/cloudtrail/*" },
    { Sid: "ListTrailFiles", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::logs", Condition: { StringLike: { "s3:prefix": "cloudtrail/*" } } },
  ]);
  expect(inline("no-trail-operator-policy")).toEqual(replay);
});

test("a trusted principal that is not an IAM ARN, and a bad role name, are refused", () => {
  expect(() => new PipelineAccess("bad", { ...ARGS, trustedPrincipals: { reader: ["*", "arn:aws:iam::123:root"] } })).toThrow(
    'PipelineAccess: invalid arguments:\n- trustedPrincipals.reader: "*" is not an IAM account root, role or user ARN\n- trustedPrincipals.reader: "arn:aws:iam::123:root" is not an IAM account root, role or user ARN',
  );
  expect(() => new PipelineAccess("bad-name", { ...ARGS, roleNames: { ...ARGS.roleNames, operator: "has space" } })).toThrow('roleNames.operator "has space"');
});
