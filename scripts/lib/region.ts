/**
 * Which region an operator tool talks to. The resources it was given name their region (every
 * Lambda, SQS and KMS ARN does, as does an SQS queue URL on AWS), so those decide first, then the
 * stack's outputs or config, and only then the environment: an operator whose shell points at
 * another region must not reach the wrong one, or be told "Region is missing".
 */

/** The region in an ARN (`arn:aws:lambda:eu-west-1:...`), or undefined for global ARNs (IAM, S3). */
export function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(":")[3];
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
}

/** The region in an SQS queue URL (`https://sqs.eu-west-1.amazonaws.com/...`); emulators' URLs have none. */
export function regionOfQueueUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  return /^(?:sqs\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?$/.exec(host)?.[1];
}

export interface RegionChoice {
  readonly region: string;
  /** Where it came from, for the tool's output (`--region`, `--function-arn`, `stack output functionArn`). */
  readonly from: string;
}

/**
 * The first candidate that names a region, in the order given. Undefined when none does: the
 * SDK's own chain (AWS_REGION, then the profile's region) decides, and a tool that then meets
 * "Region is missing" says which flag to pass.
 */
export function chooseRegion(candidates: readonly { readonly from: string; readonly region: string | undefined }[]): RegionChoice | undefined {
  for (const c of candidates) if (c.region) return { region: c.region, from: c.from };
  return undefined;
}
