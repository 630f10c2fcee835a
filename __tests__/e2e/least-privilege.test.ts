/**
 * Least privilege of the Lambda's role, proven in two parts because moto's IAM enforcement is
 * partial (moto 5: moto/core/responses.py and moto/iam/access_control.py). moto evaluates the
 * Resource element for S3 (bucket and object ARNs), SQS (queue ARN), STS and IAM, but authorises
 * DynamoDB, SNS and KMS calls against "*", so a policy scoped to a table, topic or key ARN is
 * denied there even where AWS allows it; it ignores permissions boundaries and most conditions.
 *
 * Part 1, moto enforcing IAM, credentials from sts:AssumeRole of a role created with exactly the
 * component's inline policy: the handler's S3 traffic (replayed call for call from the real run)
 * and the role's SQS traffic (the on-failure destination) succeed; reading outside uploads/,
 * writing outside processed/ and sending to another queue are denied.
 *
 * Part 2, an established evaluator (@cloud-copilot/iam-simulate, AWS semantics, with the role's
 * permissions boundary and the key, bucket and topic policies the program generates): every AWS
 * call the packaged handler made in a real run against moto (recorded in its process) is allowed,
 * plus the KMS calls S3 and SNS make on its behalf; the same actions on another table, topic or
 * key, and actions the handler never makes, are denied.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { deployToMoto, type Deployment } from "./support/deploy";
import { failureOf } from "./support/errors";
import { decisions, type IamRequest, type RolePolicies } from "./support/iam-evaluator";
import { generatedPolicies, requestsOf } from "./support/generated-policies";
import type { DerivedRequest } from "./support/iam-requests";
import { jpegClaiming, jpegWithExif, pngWithAlpha } from "./support/images";
import { objectBytes, upload } from "./support/observe";
import { destroyClients, motoClients, setIamEnforcement, MOTO_ACCOUNT_ID, REGION, type Clients } from "./support/moto";
import type { RecordedCall } from "./support/packaged-handler";

jest.setTimeout(120_000);

let d: Deployment;
const calls: RecordedCall[] = [];

beforeAll(async () => {
  d = await deployToMoto();
  // A real run to record from: a JPEG, a PNG, a rejected bomb, and one duplicate delivery.
  const events = await upload(d, [
    { key: "uploads/lp/photo.jpg", body: await jpegWithExif(600, 400), contentType: "image/jpeg" },
    { key: "uploads/lp/logo.png", body: await pngWithAlpha(300, 300), contentType: "image/png" },
    { key: "uploads/lp/bomb.jpg", body: await jpegClaiming(60_000, 60_000), contentType: "image/jpeg" },
  ]);
  for (const event of [...events, events[0]]) {
    const invocation = await d.handler.invoke(event);
    if (!invocation.ok) throw new Error(`the recording run failed: ${invocation.error?.message}\n${d.handler.logs()}`);
    calls.push(...invocation.calls);
  }
}, 300_000);
afterAll(async () => {
  await d?.teardown();
});

describe("part 1: moto's IAM enforcement, with the role's own credentials", () => {
  let role: Clients;
  const bucket = () => d.moto.bucketName;

  beforeAll(async () => {
    role = motoClients(d.roleCredentials);
    await setIamEnforcement(true);
  });
  afterAll(async () => {
    await setIamEnforcement(false);
    destroyClients(role);
  });

  it("lets the handler's S3 calls through, replayed call for call with the bytes it wrote", async () => {
    const s3Calls = calls.filter((c) => c.client === "S3Client");
    expect(new Set(s3Calls.map((c) => c.command))).toEqual(new Set(["HeadObjectCommand", "GetObjectCommand", "PutObjectCommand"]));
    const outcomes: string[] = [];
    for (const call of s3Calls) {
      const { Bucket, Key } = call.input;
      if (call.command === "PutObjectCommand") {
        const input: PutObjectCommandInput = {
          Bucket,
          Key,
          Body: await objectBytes(d, Key),
          ContentType: call.input.ContentType,
          ServerSideEncryption: call.input.ServerSideEncryption as PutObjectCommandInput["ServerSideEncryption"],
          SSEKMSKeyId: call.input.SSEKMSKeyId,
        };
        await role.s3.send(new PutObjectCommand(input));
      } else if (call.command === "HeadObjectCommand") {
        await role.s3.send(new HeadObjectCommand({ Bucket, Key }));
      } else {
        const response = await role.s3.send(new GetObjectCommand({ Bucket, Key }));
        await response.Body?.transformToByteArray();
      }
      outcomes.push(`${call.command} ${Key}: ok`);
    }
    expect(outcomes).toEqual(s3Calls.map((c) => `${c.command} ${c.input.Key}: ok`));
  });

  it("lets the role send to its on-failure queue (Lambda's async destination uses the role)", async () => {
    await expect(role.sqs.send(new SendMessageCommand({ QueueUrl: d.moto.deadLetter?.url, MessageBody: JSON.stringify({ requestContext: {} }) }))).resolves.toMatchObject({
      MessageId: expect.any(String),
    });
  });

  it("denies reading outside uploads/", async () => {
    for (const Key of ["processed/lp/photo.jpg/1024.jpg", "private.txt"]) {
      const failure = await failureOf(role.s3.send(new GetObjectCommand({ Bucket: bucket(), Key })));
      expect([Key, failure.status, failure.text]).toEqual([Key, 403, expect.stringMatching(/AccessDenied/)]);
    }
  });

  it("denies writing outside processed/, and deleting anywhere", async () => {
    for (const Key of ["uploads/lp/photo.jpg", "elsewhere/x.jpg"]) {
      const failure = await failureOf(role.s3.send(new PutObjectCommand({ Bucket: bucket(), Key, Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: d.moto.keyArn })));
      expect([Key, failure.status, failure.text]).toEqual([Key, 403, expect.stringMatching(/AccessDenied/)]);
    }
    const deletion = await failureOf(role.s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: "uploads/lp/photo.jpg" })));
    expect(deletion.status).toBe(403);
  });

  it("denies sending to another queue", async () => {
    const failure = await failureOf(role.sqs.send(new SendMessageCommand({ QueueUrl: d.moto.s3Events.url, MessageBody: "{}" })));
    expect([failure.status, failure.text]).toEqual([403, expect.stringMatching(/AccessDenied.*not authorized to perform: sqs:SendMessage/i)]);
  });

  // The limit, pinned: if moto starts evaluating table ARNs, this fails and part 1 can cover DynamoDB.
  it("runs the packaged handler itself under enforcement: its S3 read passes, then moto denies the granted table (moto checks DynamoDB against '*')", async () => {
    const invocation = await d.handler.invoke((await upload(d, [{ key: "uploads/lp/enforced.jpg", body: await jpegWithExif(64, 64) }]))[0]);
    expect(invocation.ok).toBe(false);
    // moto answers this denial in XML (<Code>AccessDenied</Code>) to a JSON-protocol client; the SDK can only call it a SyntaxError.
    expect(invocation.calls.map((c) => `${c.command}:${c.status}:${c.outcome}`)).toEqual(["HeadObjectCommand:200:ok", "PutItemCommand:403:AccessDenied"]);
  });
});

describe("part 2: the generated policies, evaluated by iam-simulate for every call of the real run", () => {
  let policies: RolePolicies;
  let requests: DerivedRequest[];

  beforeAll(() => {
    policies = generatedPolicies(d);
    requests = requestsOf(d, calls);
  });

  it("evaluates with the key, bucket and topic policies the program generates", () => {
    expect([d.program.keyPolicy, d.program.bucketPolicy, d.program.topicPolicy].map((p) => typeof p)).toEqual(["string", "string", "string"]);
    expect(policies.resourcePolicyFor?.(`arn:aws:s3:::${d.moto.bucketName}/uploads/x`)).toEqual(JSON.parse(d.moto.toMotoIds(d.program.bucketPolicy ?? "")));
  });

  it("covers the handler's whole repertoire: these actions, recorded from the run", () => {
    expect([...new Set(requests.map((r) => r.action))].sort()).toEqual(["dynamodb:PutItem", "kms:Decrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:PutObject", "sns:Publish"]);
  });

  it("allows every call the handler made, and every KMS call made on its behalf", async () => {
    const lines = await decisions(policies, requests);
    expect(lines).toEqual(requests.map((r) => `${r.action} ${r.resource} -> Allowed`));
  });

  it("denies the same actions on another table, topic, key, bucket or prefix, and actions the handler never makes", async () => {
    const account = MOTO_ACCOUNT_ID;
    const bucketArn = `arn:aws:s3:::${d.moto.bucketName}`;
    const tableArn = d.moto.tableArn;
    const otherKey = `arn:aws:kms:${REGION}:${account}:key/00000000-1111-2222-3333-444444444444`;
    // The program's other topics: security alerts and key alerts.
    const securityAlerts = d.program.otherTopicArns;
    expect(securityAlerts).toHaveLength(2);
    const global = { "aws:SecureTransport": "true", "aws:PrincipalArn": d.moto.roleArn, "aws:PrincipalAccount": account };
    const sse = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": d.moto.keyArn };
    const viaS3 = { ...global, "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": account };
    const denied: IamRequest[] = [
      { action: "s3:GetObject", resource: `${bucketArn}/processed/lp/photo.jpg/1024.jpg`, context: global },
      { action: "s3:GetObject", resource: `${bucketArn}/private.txt`, context: global },
      { action: "s3:GetObject", resource: `arn:aws:s3:::another-bucket/uploads/x.jpg`, context: global },
      { action: "s3:PutObject", resource: `${bucketArn}/uploads/x.jpg`, context: { ...global, ...sse } },
      { action: "s3:PutObject", resource: `arn:aws:s3:::another-bucket/processed/x.jpg`, context: { ...global, ...sse } },
      { action: "s3:DeleteObject", resource: `${bucketArn}/uploads/x.jpg`, context: global },
      { action: "s3:ListBucket", resource: bucketArn, context: global },
      { action: "s3:PutBucketPolicy", resource: bucketArn, context: global },
      { action: "dynamodb:PutItem", resource: `arn:aws:dynamodb:${REGION}:${account}:table/another-table`, context: global },
      { action: "dynamodb:GetItem", resource: tableArn, context: global },
      { action: "dynamodb:DeleteItem", resource: tableArn, context: global },
      { action: "dynamodb:Scan", resource: tableArn, context: global },
      { action: "dynamodb:DeleteTable", resource: tableArn, context: global },
      ...securityAlerts.map((resource) => ({ action: "sns:Publish", resource, context: global })),
      { action: "sns:Subscribe", resource: d.moto.topicArn, context: global },
      { action: "kms:Decrypt", resource: otherKey, context: viaS3 },
      { action: "kms:GenerateDataKey", resource: otherKey, context: viaS3 },
      { action: "kms:Encrypt", resource: d.moto.keyArn, context: viaS3 },
      { action: "kms:ScheduleKeyDeletion", resource: d.moto.keyArn, context: global },
      { action: "kms:CreateGrant", resource: d.moto.keyArn, context: global },
      { action: "sqs:SendMessage", resource: d.moto.s3Events.arn, context: global },
      { action: "sqs:ReceiveMessage", resource: d.moto.deadLetter?.arn ?? "", context: global },
      { action: "iam:PassRole", resource: d.moto.roleArn, context: global },
      { action: "iam:PutRolePolicy", resource: d.moto.roleArn, context: global },
      { action: "lambda:UpdateFunctionCode", resource: `arn:aws:lambda:${REGION}:${account}:function:${d.program.functionName}`, context: global },
    ];
    const lines = await decisions(policies, denied);
    expect(lines).toEqual(denied.map((r) => `${r.action} ${r.resource} -> ImplicitlyDenied`));
  });

  it("lets the bucket policy deny what the role's policy alone would allow: no TLS, no SSE-KMS, another key", async () => {
    const global = { "aws:SecureTransport": "true", "aws:PrincipalArn": d.moto.roleArn, "aws:PrincipalAccount": MOTO_ACCOUNT_ID };
    const output = `arn:aws:s3:::${d.moto.bucketName}/processed/lp/x.jpg`;
    const otherKey = `arn:aws:kms:${REGION}:${MOTO_ACCOUNT_ID}:key/00000000-1111-2222-3333-444444444444`;
    const requests: IamRequest[] = [
      { action: "s3:GetObject", resource: `arn:aws:s3:::${d.moto.bucketName}/uploads/lp/photo.jpg`, context: { ...global, "aws:SecureTransport": "false" } },
      { action: "s3:PutObject", resource: output, context: global },
      {
        action: "s3:PutObject",
        resource: output,
        context: { ...global, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": otherKey },
      },
      {
        action: "s3:PutObject",
        resource: output,
        context: { ...global, "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": d.moto.keyArn },
      },
    ];
    expect(await decisions(policies, requests)).toEqual([
      `s3:GetObject arn:aws:s3:::${d.moto.bucketName}/uploads/lp/photo.jpg -> ExplicitlyDenied`,
      `s3:PutObject ${output} -> ExplicitlyDenied`,
      `s3:PutObject ${output} -> ExplicitlyDenied`,
      `s3:PutObject ${output} -> Allowed`,
    ]);
  });
});
