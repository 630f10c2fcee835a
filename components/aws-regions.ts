/**
 * The AWS regions a stack may target: @pulumi/aws's own Region enum (what the provider accepts),
 * grouped by partition, so `aws:region` is checked before anything is planned or deployed.
 */
import { Region } from "@pulumi/aws/types/enums";

/** Every region the installed @pulumi/aws knows. */
export const REGIONS: readonly string[] = Object.values(Region);

/** Region-name prefixes of the partitions other than `aws` (longest first, so us-isob- wins over us-iso-). */
const PARTITION_PREFIXES: readonly (readonly [prefix: string, partition: string])[] = [
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-iso-", "aws-iso"],
  ["eusc-", "aws-eusc"],
  ["cn-", "aws-cn"],
];

export function partitionOf(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** The regions of one partition, in @pulumi/aws's order. */
export function regionsOf(partition: string): string[] {
  return REGIONS.filter((r) => partitionOf(r) === partition);
}

/** Why `region` cannot be targeted, or undefined when it can. */
export function regionProblem(region: string): string | undefined {
  if (REGIONS.includes(region)) return undefined;
  const partition = partitionOf(region);
  return `"${region}" is not a region of the ${partition} partition (one of ${regionsOf(partition).join(", ")})`;
}
