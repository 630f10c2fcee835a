/**
 * The e2e harness itself, against moto: resource creation from a description, the event and
 * notification plumbing, moto's IAM enforcement with an assumed role, and the policy evaluator.
 * The pipeline tests rely on each of these; a defect here would make them prove nothing.
 */
import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetBucketEncryptionCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand } from "@aws-sdk/client-sns";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { failureOf } from "./support/errors";
import { evaluate, type RolePolicies } from "./support/iam-evaluator";
import { destroyClients, motoClients, motoEndpoint, resetMoto, setIamEnforcement, MOTO_ACCOUNT_ID, type Clients } from "./support/moto";
import { assumeRole, createPipelineInMoto, type PipelineDescription, type PipelineInMoto } from "./support/pipeline-in-moto";
import { drainQueue, s3EventsFrom, snsEnvelopesFrom } from "./support/queues";

jest.setTimeout(30_000);

const BUCKET = "harness-bucket";
const rolePolicy = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/uploads/*` },
    { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/processed/*` },
    { Sid: "DeadLetter", Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${MOTO_ACCOUNT_ID}:harness-dlq` },
  ],
};
const description: PipelineDescription = {
  bucketName: BUCKET,
  uploadPrefix: "uploads/",
  table: {
    name: "harness-table",
    hashKey: "pk",
    rangeKey: "sk",
    attributes: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    ttlAttribute: "expiresAt",
  },
  notificationTopicName: "harness-topic",
  deadLetterQueueName: "harness-dlq",
  role: { name: "harness-role", policyDocument: JSON.stringify(rolePolicy) },
};

describe("MOTO_ENDPOINT", () => {
  it("is required, with instructions, when the suite runs without with-moto.sh", () => {
    expect(() => motoEndpoint({})).toThrow(/MOTO_ENDPOINT is not set.*npm run test:e2e/);
  });
  it("must be a local moto, never a real endpoint", () => {
    expect(() => motoEndpoint({ MOTO_ENDPOINT: "https://s3.amazonaws.com" })).toThrow(/must look like http:\/\/127\.0\.0\.1/);
  });
});

describe("the pipeline created in moto from a description", () => {
  let clients: Clients;
  let pipeline: PipelineInMoto;

  beforeAll(async () => {
    motoEndpoint(); // fails the file with instructions when moto is not running
    await setIamEnforcement(false);
    await resetMoto();
    clients = motoClients();
    pipeline = await createPipelineInMoto(clients, description);
  });
  afterAll(async () => {
    await setIamEnforcement(false);
    if (clients) destroyClients(clients);
  });

  it("encrypts the bucket by default with the new KMS key", async () => {
    const { ServerSideEncryptionConfiguration } = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
    expect(ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: pipeline.keyArn }, BucketKeyEnabled: true },
    ]);
    expect(pipeline.keyArn).toBe(`arn:aws:kms:us-east-1:${MOTO_ACCOUNT_ID}:key/${pipeline.keyId}`);
  });

  it("enables TTL on the table's expiry attribute", async () => {
    const { TimeToLiveDescription } = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "harness-table" }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  // moto also encodes "/" as %2F, which S3 does not; a handler that URL-decodes the key reads both.
  it("delivers moto's real S3 event for uploads/ only, with the key URL-encoded", async () => {
    await drainQueue(clients.sqs, pipeline.s3Events.url);
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/a b+é.jpg", Body: "x" }));
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "processed/ignored.jpg", Body: "x" }));
    const events = s3EventsFrom(await drainQueue(clients.sqs, pipeline.s3Events.url));
    expect(events.map((e) => e.Records.map((r) => [r.eventName, r.s3.bucket.name, r.s3.object.key]))).toEqual([[["ObjectCreated:Put", BUCKET, "uploads%2Fa+b%2B%C3%A9.jpg"]]]);
  });

  it("passes what is published to the topic to the inbox queue, with message attributes", async () => {
    await clients.sns.send(new PublishCommand({ TopicArn: pipeline.topicArn, Message: "hello", MessageAttributes: { status: { DataType: "String", StringValue: "processed" } } }));
    const envelopes = snsEnvelopesFrom(await drainQueue(clients.sqs, pipeline.notifications.url));
    expect(envelopes.map((e) => [e.TopicArn, e.Message, e.MessageAttributes])).toEqual([[pipeline.topicArn, "hello", { status: { Type: "String", Value: "processed" } }]]);
  });

  describe("with moto's IAM enforcement on and the role's credentials", () => {
    let role: Clients;
    let admin: Clients;
    beforeAll(async () => {
      role = motoClients(await assumeRole(clients, pipeline.roleArn));
      admin = motoClients(pipeline.adminCredentials);
      await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/in.jpg", Body: "in" }));
      await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "private/secret.txt", Body: "secret" }));
      await setIamEnforcement(true);
    });
    afterAll(async () => {
      await setIamEnforcement(false);
      destroyClients(role);
      destroyClients(admin);
    });

    it("acts as the assumed role", async () => {
      const { Arn } = await role.sts.send(new GetCallerIdentityCommand({}));
      expect(Arn).toBe(`arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/harness-role/e2e-lambda`);
    });

    it("allows what the policy grants", async () => {
      const read = await role.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "uploads/in.jpg" }));
      expect(await read.Body?.transformToString()).toBe("in");
      await expect(role.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "processed/out.jpg", Body: "out" }))).resolves.toBeDefined();
      await expect(role.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.deadLetter?.url, MessageBody: "{}" }))).resolves.toBeDefined();
    });

    it("denies what it does not", async () => {
      await expect(role.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "private/secret.txt" }))).rejects.toThrow(/Access Denied/);
      await expect(role.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/overwrite.jpg", Body: "x" }))).rejects.toThrow(/Access Denied/);
      const other = await failureOf(role.sqs.send(new SendMessageCommand({ QueueUrl: pipeline.s3Events.url, MessageBody: "{}" })));
      expect(other.status).toBe(403);
      expect(other.text).toMatch(/AccessDenied.*is not authorized to perform: sqs:SendMessage/i);
    });

    it("still lets the suite's admin user inspect everything", async () => {
      const read = await admin.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "private/secret.txt" }));
      expect(await read.Body?.transformToString()).toBe("secret");
    });

    it("rejects unknown credentials once enforcement is on", async () => {
      await expect(clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "uploads/in.jpg" }))).rejects.toThrow(/AWS Access Key Id you provided does not exist/);
    });
  });
});

describe("the IAM evaluator (iam-simulate)", () => {
  const policies: RolePolicies = { identity: [rolePolicy], principal: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/harness-role/s` };

  it("allows exactly the granted action on the granted prefix", async () => {
    await expect(evaluate(policies, { action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/uploads/deep/x y.jpg` })).resolves.toBe("Allowed");
    await expect(evaluate(policies, { action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/processed/x.jpg` })).resolves.toBe("ImplicitlyDenied");
    await expect(evaluate(policies, { action: "s3:DeleteObject", resource: `arn:aws:s3:::${BUCKET}/uploads/x.jpg` })).resolves.toBe("ImplicitlyDenied");
    await expect(evaluate(policies, { action: "s3:GetObject", resource: `arn:aws:s3:::other-bucket/uploads/x.jpg` })).resolves.toBe("ImplicitlyDenied");
  });

  it("applies a permissions boundary: allowed only where both allow", async () => {
    const boundary = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }] };
    const bounded = { ...policies, boundary };
    await expect(evaluate(bounded, { action: "s3:PutObject", resource: `arn:aws:s3:::${BUCKET}/processed/x.jpg` })).resolves.toBe("Allowed");
    await expect(evaluate(bounded, { action: "s3:GetObject", resource: `arn:aws:s3:::${BUCKET}/uploads/x.jpg` })).resolves.toBe("ImplicitlyDenied");
  });

  it("needs the key policy for KMS, as AWS does", async () => {
    const keyArn = `arn:aws:kms:us-east-1:${MOTO_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const kmsPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn }] };
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }, Action: "kms:*", Resource: "*" }],
    };
    const withoutKeyPolicy = { ...policies, identity: [kmsPolicy] };
    await expect(evaluate(withoutKeyPolicy, { action: "kms:Decrypt", resource: keyArn })).resolves.toBe("ImplicitlyDenied");
    const withKeyPolicy = { ...withoutKeyPolicy, resourcePolicyFor: (arn: string) => (arn === keyArn ? keyPolicy : undefined) };
    await expect(evaluate(withKeyPolicy, { action: "kms:Decrypt", resource: keyArn })).resolves.toBe("Allowed");
  });

  it("refuses an action AWS does not have, instead of calling it denied", async () => {
    await expect(evaluate(policies, { action: "s3:GetObjekt", resource: `arn:aws:s3:::${BUCKET}/uploads/x` })).rejects.toThrow(/rejected s3:GetObjekt/);
  });
});
