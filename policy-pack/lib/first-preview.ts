/**
 * What each rule can decide during a first `pulumi preview` of a new stack, when every value AWS
 * computes (ids, ARNs, auto-generated names) is unknown and a policy document or event pattern
 * built from one is unknown as a whole. Read by the rule table (docs/policy-rules.md); a test keeps
 * one entry per rule. "Decides" means from values the program sets; "judges what is known" means
 * an unknown value yields a "cannot check during preview" advisory for that resource only.
 */
const DOCUMENT =
  'Decides when the document is built from values known before creation (names the program sets, account, region, partition); a document built from a computed output (a KMS key ARN, an auto-named resource\'s ARN) is unknown as a whole: a "cannot check during preview" advisory for that resource, decided at `pulumi up`.';
const OWN_INPUTS = "Decides: reads only settings the program sets on the resource.";
const JOINED =
  "Decides the settings; the bucket is joined to its configuration resources by property dependency (the engine sends them during preview), so an auto-named bucket is still matched.";

export const FIRST_PREVIEW: Readonly<Record<string, string>> = {
  "s3-public-access-block": JOINED,
  "s3-no-public-acl-ownership-enforced": JOINED,
  "iam-no-wildcard-actions": DOCUMENT,
  "iam-no-wildcard-resources": DOCUMENT,
  "iam-no-admin-managed-policies": "Decides: AWS-managed policy ARNs are known up front; a policy ARN computed by the stack is not an AWS-managed one.",
  "lambda-permission-s3-source": "Decides when sourceArn and sourceAccount are set from known values; an ARN computed on create is reported as cannot check.",
  "s3-bucket-sse-kms-cmk": "Decides the algorithm and that a key is named; a key ARN unknown before creation counts as a customer-managed key of the stack.",
  "s3-bucket-key-enabled": JOINED,
  "dynamodb-sse-enabled": OWN_INPUTS,
  "dynamodb-point-in-time-recovery": OWN_INPUTS,
  "sns-topic-cmk": "Decides that a key is named; a key ARN unknown before creation counts as a customer-managed key of the stack.",
  "lambda-environment-cmk": "Decides that a key is named; a key ARN unknown before creation counts as a customer-managed key of the stack.",
  "kms-key-rotation-and-deletion-window": OWN_INPUTS,
  "cloudtrail-encrypted-validated": "Decides: validation is a setting; the key is judged named, whether its ARN is known yet or not.",
  "sqs-queue-cmk": "Decides that a key is named; a key ARN unknown before creation counts as a customer-managed key of the stack.",
  "lambda-environment-no-secrets": "Judges what is known: each known variable is checked; a value computed on create is never a literal secret.",
  "resource-policy-no-public-principal": DOCUMENT,
  "resource-policy-cross-account": DOCUMENT,
  "public-endpoint-access": "Decides: principals and authorization types are settings the program sets.",
  "kms-key-policy-least-privilege": DOCUMENT,
  "kms-grant-least-privilege": "Decides when the grantee principal is known; an ARN computed on create is reported as cannot check.",
  "security-group-no-public-admin-ports": OWN_INPUTS,
  "resource-policy-service-source": `${DOCUMENT} (resource-policy-no-public-principal reports the unknown document); a Lambda permission's sourceArn or sourceAccount computed on create counts as bound.`,
  "iam-no-privilege-escalation": `${DOCUMENT} (iam-no-wildcard-actions reports the unknown document); the principal's own ARN, when unknown, matches only wildcard resources.`,
  "iam-no-user-access-keys": "Decides: an access key resource is there or not.",
  "lambda-free-tier-limits": OWN_INPUTS,
  "lambda-arm64": OWN_INPUTS,
  "s3-lifecycle-expiration": JOINED,
  "dynamodb-ttl-enabled": OWN_INPUTS,
  "dynamodb-free-tier-capacity": OWN_INPUTS,
  "cloudwatch-alarm-count": "Decides: counts alarms, whose settings are known.",
  "paid-services-cost": "Decides: resource types and settings are known before creation.",
  "s3-data-bucket-versioning": JOINED,
  "key-alerts-need-trail": "Decides when the rule's event pattern is known; a pattern naming a key by its ARN (known after the key exists) is reported as cannot check.",
  "cloudwatch-log-retention": OWN_INPUTS,
  "required-alarms":
    "Decides the Lambda and S3 alarms; the KMS key-state rule's event pattern names each key by its ARN, known only after the key exists, so that part is reported as cannot check.",
  "alert-topic-subscribers": "Decides when topics are joined to their alarms, rules and subscriptions by property dependency.",
  "s3-bucket-policy-denies-insecure-transport":
    "Decides when the bucket policy is known (see the document rules); a bucket policy naming the bucket's computed ARN or a key ARN is reported as cannot check.",
  "sns-topic-policy-denies-insecure-transport": DOCUMENT,
  "sqs-queue-policy-denies-insecure-transport": DOCUMENT,
  "s3-upload-malware-scan": "Decides when notifications and protection plans are joined to their bucket by property dependency (the engine sends them during preview).",
  "data-egress-cross-account":
    "Judges what is known: a destination named by a literal ARN or account id is decided; one computed on create is skipped (never treated as foreign); without a known own account an account id is a cannot-check advisory.",
  "api-gateway-authorization": OWN_INPUTS,
  "cognito-no-unauthenticated-identities": OWN_INPUTS,
  "transport-tls-1-2": OWN_INPUTS,
  "no-plaintext-secrets": "Judges what is known: a value or definition computed on create is reported as cannot check; literal values are decided.",
  "ec2-security-group-internet-ingress":
    "Decides: CIDR blocks and ports are settings; separate rules are joined to their group by property dependency (sent during preview) or by a known group id.",
  "cloudwatch-alarm-notifies": "Decides that actions are set and enabled; the topic ARN they name may still be unknown.",
  "cloudtrail-logging-enabled": OWN_INPUTS,
  "s3-access-logs-separate-bucket": JOINED,
  "lambda-ephemeral-storage": OWN_INPUTS,
  "lambda-no-provisioned-concurrency": OWN_INPUTS,
  "cloudwatch-dashboard-count": "Decides: counts the dashboards the program declares.",
};
