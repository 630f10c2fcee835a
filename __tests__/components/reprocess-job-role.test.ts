/**
 * The S3 Batch Operations reprocess role, from the whole program (index.ts, dev stack) under
 * mocks: its exact trust, inline and boundary documents, the key-policy grant it needs, and the
 * flows it allows and denies, decided by @cloud-copilot/iam-simulate over the inline policy, the
 * boundary and the key policy together.
 *
 * Limits: iam-simulate 0.1.x needs the request context supplied (`aws:PrincipalArn`,
 * `kms:ViaService`), so these prove the documents decide as intended given the context AWS sets,
 * not that AWS sets it; the bucket policy is left out of the S3 flows (it only denies non-TLS
 * requests and uploads under another key, neither of which the job makes).
 */
import { ReprocessJobRole } from "../../components";
import { MOCK_ACCOUNT_ID } from "../../offline/mocks";
import { policyOf, single, statement } from "../../offline/records";
import { runProgram, type ProgramRun } from "../../offline/run-program";
import { decisions } from "../e2e/support/iam-evaluator";

const ACCOUNT = MOCK_ACCOUNT_ID;
const REGION = "us-east-1";
let run: ProgramRun;
let bucketArn = "";
let functionArn = "";
let keyArn = "";
const ROLE_NAME = "image-processor-dev-reprocess";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;

beforeAll(async () => {
  run = await runProgram({ stack: "dev" });
  bucketArn = String(single(run, "aws:s3/bucket:Bucket", "images-bucket").outputs.arn);
  functionArn = String(single(run, "aws:lambda/function:Function", "image-processor-function").outputs.arn);
  keyArn = String(single(run, "aws:kms/key:Key", "pipeline-key").outputs.arn);
}, 180_000);

describe("the reprocess role's documents, exactly", () => {
  test("trust: only S3 Batch Operations, for jobs of this account and region", () => {
    const role = single(run, "aws:iam/role:Role", "reprocess-role");
    expect(role.inputs.name).toBe(ROLE_NAME);
    expect(policyOf(role, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "S3BatchOperationsAssumeRole",
          Effect: "Allow",
          Principal: { Service: "batchoperations.s3.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:s3:${REGION}:${ACCOUNT}:job/*` },
          },
        },
      ],
    });
  });

  test("inline policy and boundary: invoke the one function, read manifests, write reports, the key through S3 only", () => {
    const expected = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "InvokeImageFunction", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: functionArn },
        { Sid: "ReadManifests", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${bucketArn}/batch-operations/manifests/*` },
        { Sid: "WriteReports", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucketArn}/batch-operations/reports/*` },
        { Sid: "LocateReportBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: bucketArn },
        {
          Sid: "UseDataKeyThroughS3",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: keyArn,
          Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
        },
      ],
    };
    expect(functionArn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:image-processor-dev`);
    expect(policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "reprocess-policy"))).toEqual(expected);
    expect(policyOf(single(run, "aws:iam/policy:Policy", "reprocess-boundary"))).toEqual(expected);
    const role = single(run, "aws:iam/role:Role", "reprocess-role");
    expect(role.inputs.permissionsBoundary).toBe(single(run, "aws:iam/policy:Policy", "reprocess-boundary").outputs.arn);
    expect(single(run, "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "reprocess-only-inline-policy").inputs.policyNames).toEqual([
      single(run, "aws:iam/rolePolicy:RolePolicy", "reprocess-policy").outputs.name,
    ]);
    expect(single(run, "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "reprocess-no-managed-policies").inputs.policyArns).toEqual([]);
  });

  test("the data key lets the role use data keys only through S3", () => {
    expect(statement(policyOf(single(run, "aws:kms/key:Key", "pipeline-key")), "AllowReprocessRoleViaServices")).toEqual({
      Sid: "AllowReprocessRoleViaServices",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": [ROLE_ARN] }, StringEquals: { "kms:ViaService": [`s3.${REGION}.amazonaws.com`], "kms:CallerAccount": ACCOUNT } },
    });
    // The alerts key is not the bucket's key: it grants the role nothing.
    expect(JSON.stringify(policyOf(single(run, "aws:kms/key:Key", "alerts-key")))).not.toContain(ROLE_NAME);
  });

  test("the stack exports the role and its prefixes for the reprocess command", () => {
    expect(run.outputs).toMatchObject({
      reprocessRoleArn: ROLE_ARN,
      reprocessManifestPrefix: "batch-operations/manifests/",
      reprocessReportPrefix: "batch-operations/reports/",
      functionArn,
    });
  });
});

describe("flows of a reprocess job (inline policy ∩ boundary, key policy for KMS)", () => {
  const viaS3 = { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT, "aws:PrincipalArn": ROLE_ARN };
  const viaNothing = { "aws:PrincipalArn": ROLE_ARN };
  const policies = () => ({
    identity: [policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "reprocess-policy"))],
    boundary: policyOf(single(run, "aws:iam/policy:Policy", "reprocess-boundary")),
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/s3-batch-operations`,
    accountId: ACCOUNT,
    resourcePolicyFor: (arn: string) => (arn === keyArn ? policyOf(single(run, "aws:kms/key:Key", "pipeline-key")) : undefined),
  });

  test("allows exactly the job's flows and denies its neighbours", async () => {
    const otherFunction = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:other-function`;
    const got = await decisions(policies(), [
      { action: "lambda:InvokeFunction", resource: functionArn },
      { action: "s3:GetObject", resource: `${bucketArn}/batch-operations/manifests/2026-12-01.csv` },
      { action: "s3:GetObjectVersion", resource: `${bucketArn}/batch-operations/manifests/2026-12-01.csv` },
      { action: "s3:PutObject", resource: `${bucketArn}/batch-operations/reports/job-1/results/a.csv` },
      { action: "s3:GetBucketLocation", resource: bucketArn },
      { action: "kms:Decrypt", resource: keyArn, context: viaS3 },
      { action: "kms:GenerateDataKey", resource: keyArn, context: viaS3 },
      // Denied: anything else the role could be misused for.
      { action: "lambda:InvokeFunction", resource: otherFunction },
      { action: "lambda:UpdateFunctionCode", resource: functionArn },
      { action: "s3:GetObject", resource: `${bucketArn}/processed/a.jpg/1024.jpg` },
      { action: "s3:GetObject", resource: `${bucketArn}/uploads/a.jpg` },
      { action: "s3:PutObject", resource: `${bucketArn}/batch-operations/manifests/forged.csv` },
      { action: "s3:PutObject", resource: `${bucketArn}/uploads/a.jpg` },
      { action: "s3:DeleteObject", resource: `${bucketArn}/batch-operations/reports/job-1/results/a.csv` },
      { action: "s3:ListBucket", resource: bucketArn },
      { action: "kms:Decrypt", resource: keyArn, context: viaNothing },
      { action: "kms:Decrypt", resource: keyArn, context: { ...viaS3, "kms:ViaService": `sns.${REGION}.amazonaws.com` } },
    ]);
    expect(got).toEqual([
      `lambda:InvokeFunction ${functionArn} -> Allowed`,
      `s3:GetObject ${bucketArn}/batch-operations/manifests/2026-12-01.csv -> Allowed`,
      `s3:GetObjectVersion ${bucketArn}/batch-operations/manifests/2026-12-01.csv -> Allowed`,
      `s3:PutObject ${bucketArn}/batch-operations/reports/job-1/results/a.csv -> Allowed`,
      `s3:GetBucketLocation ${bucketArn} -> Allowed`,
      `kms:Decrypt ${keyArn} -> Allowed`,
      `kms:GenerateDataKey ${keyArn} -> Allowed`,
      `lambda:InvokeFunction ${otherFunction} -> ImplicitlyDenied`,
      `lambda:UpdateFunctionCode ${functionArn} -> ImplicitlyDenied`,
      `s3:GetObject ${bucketArn}/processed/a.jpg/1024.jpg -> ImplicitlyDenied`,
      `s3:GetObject ${bucketArn}/uploads/a.jpg -> ImplicitlyDenied`,
      `s3:PutObject ${bucketArn}/batch-operations/manifests/forged.csv -> ImplicitlyDenied`,
      `s3:PutObject ${bucketArn}/uploads/a.jpg -> ImplicitlyDenied`,
      `s3:DeleteObject ${bucketArn}/batch-operations/reports/job-1/results/a.csv -> ImplicitlyDenied`,
      `s3:ListBucket ${bucketArn} -> ImplicitlyDenied`,
      `kms:Decrypt ${keyArn} -> ImplicitlyDenied`,
      `kms:Decrypt ${keyArn} -> ImplicitlyDenied`,
    ]);
  });
});

describe("ReprocessJobRole arguments", () => {
  test("refuses prefixes that overlap each other or the reserved ones, or are not key prefixes", () => {
    const base = { roleName: "r", bucketArn: "arn:aws:s3:::b", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:f", kmsKeyArn: "k" };
    expect(() => new ReprocessJobRole("bad", { ...base, manifestPrefix: "uploads/manifests/", reservedPrefixes: ["uploads/", "processed/"] })).toThrow(
      'prefixes "uploads/manifests/" and "uploads/" must not overlap',
    );
    expect(() => new ReprocessJobRole("bad2", { ...base, reportPrefix: "batch-operations/manifests/" })).toThrow(
      'prefixes "batch-operations/manifests/" and "batch-operations/manifests/" must not overlap',
    );
    expect(() => new ReprocessJobRole("bad3", { ...base, reportPrefix: "reports" })).toThrow('prefix "reports" must be a key prefix ending in "/"');
  });
});
