/**
 * The offline preview against the engine's behaviour on a small program whose undecided checks are
 * known by construction. What a first `pulumi preview` does, and what this holds the offline one to:
 * - the SDK, running as a preview, resolves every output a resource does not report as unknown
 *   (nothing exists yet: no id, no ARN), and `apply` never runs on an unknown;
 * - an output-form invoke whose inputs are unknown, or that waits on a resource pending creation,
 *   is not answered: its whole result is unknown; one over known values is answered;
 * - the engine sends unknowns to the analyzer as @pulumi/policy's string sentinel, and
 *   @pulumi/policy's server turns a check that reads one (its proxy throws UnknownValueError) into
 *   an advisory "can't run policy ... during preview", whatever the policy's level.
 * Limit: no Pulumi CLI runs here; provider Check (auto-naming, which a real preview knows) is not
 * modelled, so the offline preview knows at most what the real one knows.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Policies } from "@pulumi/policy";
import { evaluatePreview, previewResources } from "../../offline/preview";
import { runProgram, type ProgramRun } from "../../offline/run-program";
import { UNKNOWN } from "../../policy-pack/lib/values";

/** Buckets: one named by the program, one auto-named; a policy over each; two policy documents by invoke. */
function program() {
  const account = aws.getCallerIdentityOutput().accountId;
  const named = new aws.s3.Bucket("named", { bucket: "named-bucket-fixed" });
  const auto = new aws.s3.Bucket("auto", {});
  // Built from values known up front: the program's name and the caller identity.
  const knownDoc = aws.iam.getPolicyDocumentOutput({
    statements: [{ sid: "Wide", actions: ["s3:*"], resources: [pulumi.interpolate`arn:aws:s3:::named-bucket-fixed/*`], principals: [{ type: "AWS", identifiers: [account] }] }],
  });
  // Built from an output AWS computes: unknown until the bucket exists.
  const unknownDoc = aws.iam.getPolicyDocumentOutput({
    statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: [pulumi.interpolate`${auto.arn}/*`], principals: [{ type: "AWS", identifiers: [account] }] }],
  });
  new aws.s3.BucketPolicy("named-policy", { bucket: named.id, policy: knownDoc.json });
  new aws.s3.BucketPolicy("auto-policy", { bucket: "auto-bucket-by-name", policy: unknownDoc.json });
  // Created inside an apply over an unknown: a preview never sees it.
  auto.arn.apply((arn) => new aws.sns.Topic("late", { name: `late-${arn.length}` }));
  return { autoArn: auto.arn };
}

/** Policies that read properties through @pulumi/policy's own proxy, as any third-party pack does. */
const policies: Policies = [
  {
    name: "no-s3-star",
    description: "bucket policies grant no s3:*",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
      if (args.type !== "aws:s3/bucketPolicy:BucketPolicy") return;
      const doc = JSON.parse(String(args.props.policy)) as { Statement: { Action: string | string[] }[] };
      if (doc.Statement.some((s) => [s.Action].flat().includes("s3:*"))) report("grants s3:*");
    },
  },
  {
    name: "policy-names-its-bucket",
    description: "a bucket policy names a bucket other than a scratch one",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
      if (args.type === "aws:s3/bucketPolicy:BucketPolicy" && String(args.props.bucket).startsWith("scratch-")) report("scratch bucket");
    },
  },
  {
    name: "stack-bucket-arns",
    description: "every bucket ARN is in the aws partition",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      for (const r of args.resources) if (r.type === "aws:s3/bucket:Bucket" && !String(r.props.arn).startsWith("arn:aws:s3:::")) report("bad ARN");
    },
  },
];

let preview: ProgramRun;
let update: ProgramRun;
beforeAll(async () => {
  preview = await runProgram({ stack: "dev", program, preview: true });
  update = await runProgram({ stack: "dev", program });
}, 60_000);

const byName = (run: ProgramRun, name: string) => run.resources.find((r) => r.name === name)!;

describe("a first preview as the engine sees it", () => {
  it("sends unknowns as the engine's sentinel and keeps what the program set", () => {
    expect(byName(preview, "auto-policy").inputs.policy).toBe(UNKNOWN);
    expect(JSON.parse(String(byName(preview, "named-policy").inputs.policy))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "Wide", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::named-bucket-fixed/*", Principal: { AWS: "123456789012" } }],
    });
    // The bucket id is unknown before creation, so the policy's `bucket` input is too.
    expect(byName(preview, "named-policy").inputs.bucket).toBe(UNKNOWN);
    expect(preview.outputs.autoArn).toBe(UNKNOWN);
  });

  it("never runs an apply over an unknown: the resource created inside it is missing", () => {
    expect(preview.resources.map((r) => r.name)).not.toContain("late");
    expect(update.resources.map((r) => r.name)).toContain("late");
  });

  it("gives AnalyzeStack every computed attribute as unknown, inputs as they are", () => {
    const named = previewResources(preview).find((r) => r.name === "named")!;
    expect(named.outputs).toEqual({ bucket: "named-bucket-fixed", arn: UNKNOWN, bucketDomainName: UNKNOWN, bucketRegionalDomainName: UNKNOWN, region: UNKNOWN });
  });

  it("lists exactly the checks that touched an unknown, with the level they would have enforced", async () => {
    const { violations, undecided } = await evaluatePreview(preview, { policies });
    expect(undecided).toEqual([
      { policy: "no-s3-star", enforcementLevel: "mandatory", urn: byName(preview, "auto-policy").urn },
      { policy: "stack-bucket-arns", enforcementLevel: "mandatory", urn: "" },
      { policy: "policy-names-its-bucket", enforcementLevel: "advisory", urn: byName(preview, "named-policy").urn },
    ]);
    // The document built from known values is judged, and its violation stays mandatory.
    expect(violations.map((v) => [v.policyName, v.enforcementLevel, v.urn])).toEqual([["no-s3-star", "mandatory", byName(preview, "named-policy").urn]]);
  });

  it("decides everything once the resources exist (the plain plan)", async () => {
    const { evaluatePolicies } = await import("../../offline/policy-eval");
    const diagnostics = await evaluatePolicies(update.resources, { policies });
    expect(diagnostics.map((v) => [v.policyName, v.enforcementLevel])).toEqual([["no-s3-star", "mandatory"]]);
    await expect(evaluatePreview(update, { policies })).rejects.toThrow(/preview: true/);
  });
});
