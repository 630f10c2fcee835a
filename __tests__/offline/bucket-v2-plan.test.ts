/**
 * The offline planner returns ids as AWS does: a BucketV2's id is its bucket name, so a correct
 * program that configures the bucket through `bucket.id` plans with no mandatory violation.
 */
import * as path from "path";
import { evaluatePolicies } from "../../offline/policy-eval";
import { ProgramRun, runProgram } from "../../offline/run-program";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({ program: path.join(__dirname, "../stack/variants/bucket-v2-by-id-program.ts") });
}, 120_000);

test("a BucketV2's id is its bucket name, and its ARN names that bucket", () => {
  const bucket = run.resources.find((r) => r.type === "aws:s3/bucketV2:BucketV2")!;
  expect(bucket.outputs.bucket).toMatch(/^v2-data-[0-9a-f]{7}$/);
  expect(run.outputs.bucketName).toBe(bucket.outputs.bucket);
  expect(bucket.outputs.arn).toBe(`arn:aws:s3:::${String(bucket.outputs.bucket)}`);
  const sse = run.resources.find((r) => r.name === "v2-data-sse")!;
  expect([sse.inputs.bucket, sse.propertyDependencies.bucket]).toEqual([bucket.outputs.bucket, [bucket.urn]]);
});

test("the program configured by bucket.id plans with no mandatory violation", async () => {
  const mandatory = (await evaluatePolicies(run.resources)).filter((v) => v.enforcementLevel === "mandatory");
  expect(mandatory).toEqual([]);
});
