/**
 * The CIS AWS Foundations Benchmark versions Security Hub can subscribe to, newest first, and the
 * standards ARN of each. The forms differ: v1.2.0 is a global "ruleset" ARN without a region,
 * the later ones regional "standards" ARNs (Security Hub user guide and API `DescribeStandards`;
 * the provider's StandardsSubscription reference lists v1.2.0, v1.4.0 and v3.0.0 in these forms,
 * and v5.0.0 takes the v3.0.0 form). `aws securityhub describe-standards` lists what a region
 * offers.
 */
export const CIS_BENCHMARK_VERSIONS = ["5.0.0", "3.0.0", "1.4.0", "1.2.0"] as const;
export type CisBenchmarkVersion = (typeof CIS_BENCHMARK_VERSIONS)[number];

/** The newest version Security Hub supports: the default, so a new stack meets the current benchmark. */
export const DEFAULT_CIS_BENCHMARK_VERSION: CisBenchmarkVersion = CIS_BENCHMARK_VERSIONS[0];

/** `cis-aws-foundations-benchmark/v/<version>`, the part every form shares. */
export const cisStandardPath = (version: CisBenchmarkVersion): string => `cis-aws-foundations-benchmark/v/${version}`;

/** The ARN StandardsSubscription takes for `version` in `partition` and `region`. */
export function cisStandardsArn(version: CisBenchmarkVersion, partition: string, region: string): string {
  if (!(CIS_BENCHMARK_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`cisBenchmarkVersion must be one of ${CIS_BENCHMARK_VERSIONS.join(", ")}, got ${JSON.stringify(version)}`);
  }
  return version === "1.2.0"
    ? `arn:${partition}:securityhub:::ruleset/${cisStandardPath(version)}`
    : `arn:${partition}:securityhub:${region}::standards/${cisStandardPath(version)}`;
}
