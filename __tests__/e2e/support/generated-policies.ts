/**
 * The policies that decide what the Lambda's role may do, as the program generates them (with
 * moto's key ARN in place of the program's): the role's inline policy and permissions boundary,
 * and the key, bucket and topic policies. Also turns a run's recorded calls into IAM requests.
 */
import type { Deployment } from "./deploy";
import type { RolePolicies } from "./iam-evaluator";
import { iamRequestsFor, uniqueRequests, type DerivedRequest } from "./iam-requests";
import { MOTO_ACCOUNT_ID, REGION } from "./moto";
import type { RecordedCall } from "./packaged-handler";

export function generatedPolicies(d: Deployment): RolePolicies {
  const bucketArn = `arn:aws:s3:::${d.moto.bucketName}`;
  const resourcePolicies: [string, string | undefined][] = [
    [d.moto.keyArn, d.program.keyPolicy],
    [d.moto.topicArn, d.program.topicPolicy],
    [bucketArn, d.program.bucketPolicy],
  ];
  return {
    principal: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/${d.program.description.role.name}/e2e-lambda`,
    identity: [JSON.parse(d.moto.rolePolicyDocument)],
    boundary: d.moto.permissionsBoundary ? JSON.parse(d.moto.permissionsBoundary) : undefined,
    resourcePolicyFor: (arn) => {
      // A bucket's policy governs the bucket and its objects.
      const match = resourcePolicies.find(([owner]) => arn === owner || arn.startsWith(`${owner}/`));
      return match?.[1] ? JSON.parse(d.moto.toMotoIds(match[1])) : undefined;
    },
  };
}

/** The unique IAM requests behind a run's recorded calls, including KMS calls made on the caller's behalf. */
export function requestsOf(d: Deployment, calls: readonly RecordedCall[]): DerivedRequest[] {
  const ctx = { region: REGION, accountId: MOTO_ACCOUNT_ID, keyArn: d.moto.keyArn, roleArn: d.moto.roleArn };
  return uniqueRequests(calls.flatMap((c) => iamRequestsFor(c, ctx)));
}
