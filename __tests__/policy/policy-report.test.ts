import { countByLevel, detailOf, formatMarkdown, formatVerdicts, resourceLabel } from "../../offline/policy-report";
import type { Violation } from "../../offline/policy-protocol";

const bucketUrn = "urn:pulumi:dev::secure-image-pipeline::secure-image-pipeline:storage:SecureBucket$aws:s3/bucket:Bucket::images-bucket";
const resources = [{ urn: bucketUrn, type: "aws:s3/bucket:Bucket", name: "images-bucket" }];
const violations: Violation[] = [
  {
    policyName: "s3-public-access-block",
    enforcementLevel: "mandatory",
    urn: bucketUrn,
    message: 'Every S3 bucket has a public access block.\nS3 bucket "images-bucket" has no public access block | fix it.',
  },
  { policyName: "cloudwatch-alarm-count", enforcementLevel: "mandatory", urn: "", message: "At most 10.\nThe stack creates 11 CloudWatch alarms." },
  {
    policyName: "paid-services-cost",
    enforcementLevel: "advisory",
    urn: "urn:pulumi:dev::p::secure-image-pipeline:security:EncryptionKey$aws:kms/key:Key::pipeline-key",
    message: '"pipeline-key" (KMS customer-managed key) is not free',
  },
];

describe("policy report", () => {
  it("labels resources by name and type, stack-wide findings as (stack), unknown URNs from the URN", () => {
    expect([resourceLabel(bucketUrn, resources), resourceLabel("", resources), resourceLabel(violations[2].urn, resources)]).toEqual([
      "images-bucket (aws:s3/bucket:Bucket)",
      "(stack)",
      "pipeline-key (aws:kms/key:Key)",
    ]);
    expect([detailOf(violations[0]), detailOf(violations[2])]).toEqual([
      `S3 bucket "images-bucket" has no public access block | fix it.`,
      `"pipeline-key" (KMS customer-managed key) is not free`,
    ]);
    expect(countByLevel(violations)).toEqual({ mandatory: 2, advisory: 1 });
  });

  it("prints verdicts grouped by severity, mandatory first", () => {
    expect(formatVerdicts(violations, resources)).toBe(
      [
        "Policy verdicts: 2 mandatory, 1 advisory",
        "",
        "Mandatory (blocks the deployment):",
        "  ✗ s3-public-access-block  images-bucket (aws:s3/bucket:Bucket)",
        `      S3 bucket "images-bucket" has no public access block | fix it.`,
        "  ✗ cloudwatch-alarm-count  (stack)",
        "      The stack creates 11 CloudWatch alarms.",
        "",
        "Advisory:",
        "  ! paid-services-cost  pipeline-key (aws:kms/key:Key)",
        `      "pipeline-key" (KMS customer-managed key) is not free`,
      ].join("\n"),
    );
    expect(formatVerdicts([], resources)).toBe("Policy verdicts: 0 mandatory, 0 advisory");
  });

  it("renders a pull-request comment with escaped table cells", () => {
    expect(formatMarkdown("dev", violations, resources)).toBe(
      [
        "### Policy pack: ❌ 2 mandatory policy violations",
        "",
        "Stack `dev`: 1 resources planned; 2 mandatory, 1 advisory.",
        "",
        "#### Mandatory (blocks the deployment)",
        "",
        "| Policy | Resource | What to fix |",
        "| --- | --- | --- |",
        `| \`s3-public-access-block\` | images-bucket (aws:s3/bucket:Bucket) | S3 bucket "images-bucket" has no public access block \\| fix it. |`,
        "| `cloudwatch-alarm-count` | (stack) | The stack creates 11 CloudWatch alarms. |",
        "",
        "#### Advisory",
        "",
        "| Policy | Resource | What to fix |",
        "| --- | --- | --- |",
        `| \`paid-services-cost\` | pipeline-key (aws:kms/key:Key) | "pipeline-key" (KMS customer-managed key) is not free |`,
      ].join("\n"),
    );
    expect(formatMarkdown("dev", [violations[2]], resources).split("\n")[0]).toBe("### Policy pack: ✅ No mandatory policy violations");
    expect(formatMarkdown("dev", [violations[1]], resources).split("\n")[0]).toBe("### Policy pack: ❌ 1 mandatory policy violation");
  });
});
