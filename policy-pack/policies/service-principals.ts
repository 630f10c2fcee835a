/**
 * The confused-deputy class: a resource policy (bucket, queue, topic, key, secret, ...) or a
 * Lambda permission that lets an AWS service act without naming the resource or account the
 * service acts for. Any customer's trail, topic, rule or bucket can then make the service act on
 * this resource. A grant is bound by a source condition (`aws:SourceArn`, `aws:SourceAccount`,
 * `aws:SourceOrgID`, ... judged as sets of callers: `arn:aws:sns:*:*:alerts` binds nothing) or, for
 * Lambda permissions, by `sourceArn`, `sourceAccount` or `principalOrgId`.
 *
 * Role trust policies are left out (a service assuming a role is the service itself, not a
 * deputy acting for a customer's resource). One use is exempt because AWS documents it without a
 * condition and conditions on it stop delivery: CloudWatch alarms and EventBridge rules publishing
 * to topics encrypted with a key (kms:Decrypt and kms:GenerateDataKey* only, in key policies).
 */
import { hasSourceBinding, judgeArnValue } from "../lib/conditions";
import { resourcePolicy } from "../lib/define";
import { Finding, violation } from "../lib/findings";
import { isAllow, label, parseDocument, Statement, strings } from "../lib/policy-document";
import { principalEntries } from "../lib/principals";
import { RESOURCE_POLICY_PROPERTIES, RESOURCE_POLICY_TYPES } from "../lib/resource-policies";
import { at, Res, T } from "../lib/resources";
import { isUnknown } from "../lib/values";

const KEY_POLICY_TYPES = ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/replicaKey:ReplicaKey"];
const TRUST_POLICY_TYPES = ["aws:iam/role:Role"];

/** Services that publish to encrypted topics through the key, and the only actions that use needs. */
const ENCRYPTED_TOPIC_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com"];
const TOPIC_PUBLISHING_ACTIONS = /^kms:(decrypt|generatedatakey\*?)$/i;

/** The service principals of an Allow statement that act unbound (no source condition). */
export function unboundServices(statement: Statement, keyPolicy: boolean): string[] {
  if (!isAllow(statement) || hasSourceBinding(statement.Condition)) return [];
  const services = principalEntries(statement.Principal)
    .filter((e) => e.kind === "Service" && e.id !== "*")
    .map((e) => e.id);
  const publishingOnly = statement.NotAction === undefined && strings(statement.Action).length > 0 && strings(statement.Action).every((a) => TOPIC_PUBLISHING_ACTIONS.test(a));
  return services.filter((s) => !(keyPolicy && publishingOnly && ENCRYPTED_TOPIC_PUBLISHERS.includes(s.toLowerCase())));
}

function checkDocument(resource: Res): Finding[] {
  const document = parseDocument(at(resource.props, RESOURCE_POLICY_PROPERTIES[resource.type] ?? "policy"));
  // Unknown and invalid documents are reported by resource-policy-no-public-principal.
  if (document.kind !== "document") return [];
  const keyPolicy = KEY_POLICY_TYPES.includes(resource.type);
  return document.statements.flatMap((statement, index) => {
    const services = unboundServices(statement, keyPolicy);
    return services.length === 0
      ? []
      : [
          violation(
            `The resource policy of "${resource.name}" ${label(statement, index)} lets ${services.join(", ")} act with no source binding: any account's resources can make the service act on this one (a confused deputy). Add aws:SourceArn (the exact resource, with its account) and aws:SourceAccount conditions.`,
          ),
        ];
  });
}

const unset = (value: unknown): boolean => value === undefined || value === null || value === "";

/** Whether a Lambda permission's source (sourceArn, sourceAccount, principalOrgId) bounds the caller. */
function permissionBound(permission: Res): boolean {
  const sourceArn = at(permission.props, "sourceArn");
  const arnBound = isUnknown(sourceArn) || (typeof sourceArn === "string" && sourceArn !== "" && judgeArnValue(sourceArn, "arnlike").bounded);
  const account = at(permission.props, "sourceAccount");
  const accountBound = isUnknown(account) || (typeof account === "string" && /^\d{12}$/.test(account));
  return arnBound || accountBound || !unset(at(permission.props, "principalOrgId"));
}

export function checkServiceSource(resource: Res): Finding[] {
  if (T.lambdaPermission.includes(resource.type as (typeof T.lambdaPermission)[number])) {
    const principal = at(resource.props, "principal");
    // S3 is judged by lambda-permission-s3-source (which also needs sourceAccount: bucket ARNs name no account).
    if (typeof principal !== "string" || !/\.amazon(aws)?\.com$/.test(principal) || principal === "s3.amazonaws.com" || permissionBound(resource)) return [];
    return [
      violation(
        `Lambda permission "${resource.name}" lets ${principal} invoke the function with no bounded source: any account's ${principal.split(".")[0]} resources can invoke it (a confused deputy). Set sourceArn to the exact resource ARN (a wildcard in its account field binds nothing) or sourceAccount to your account.`,
      ),
    ];
  }
  return checkDocument(resource);
}

export const resourcePolicyServiceSource = resourcePolicy({
  name: "resource-policy-service-source",
  description:
    "Resource policies (bucket, queue, topic, key, secret, ... role trust excepted) and Lambda permissions that let an AWS service principal act bind it to a source: aws:SourceArn, aws:SourceAccount or aws:SourceOrgID judged as sets of callers (a wildcard account field binds nothing), or the permission's sourceArn, sourceAccount or principalOrgId. CloudWatch and EventBridge using a key to publish to encrypted topics (kms:Decrypt, kms:GenerateDataKey*) are exempt: AWS documents that grant without a condition.",
  fix: "Add aws:SourceArn (the exact trail, topic, rule, bucket or alarm ARN, with its account) and aws:SourceAccount conditions; on a Lambda permission set sourceArn and sourceAccount.",
  enforcementLevel: "mandatory",
  types: [...RESOURCE_POLICY_TYPES.filter((t) => !TRUST_POLICY_TYPES.includes(t)), ...T.lambdaPermission],
  check: (resource) => checkServiceSource(resource),
});

export const servicePrincipalPolicies = [resourcePolicyServiceSource];
