/** Encryption in transit: bucket, topic and queue policies refuse requests made without TLS. */
import { stackPolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { deniesInsecureTransport, parseDocument, Statement, strings } from "../lib/policy-document";
import { at, configsOf, configsOfTarget, ofType, queueNames, Res, T, topicNames } from "../lib/resources";

function coversAction(statement: Statement, service: string, action: string): boolean {
  return strings(statement.Action).some((a) => a === "*" || a.toLowerCase() === `${service}:*` || a.toLowerCase() === `${service}:${action}`.toLowerCase());
}

/** The bucket itself (`arn:aws:s3:::name`) and its objects (`.../*`) must both be denied. */
function coversBucketAndObjects(statement: Statement): boolean {
  const resources = strings(statement.Resource);
  return resources.some((r) => /^arn:aws[a-z-]*:s3:::[^/]+$/.test(r)) && resources.some((r) => /^arn:aws[a-z-]*:s3:::[^/]+\/\*$/.test(r));
}

export function checkBucketTls(bucket: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOf(bucket, resources, T.bucketPolicy);
  const documents = [...configs.map((c) => at(c.props, "policy")), at(bucket.props, "policy")].map(parseDocument).filter((d) => d.kind !== "absent");
  const fix = `add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }`;
  if (documents.length === 0) {
    if (unjoinable) return [cannotCheck(`bucket "${bucket.name}" has bucket policies whose bucket is not yet known`, bucket.urn)];
    return [violation(`S3 bucket "${bucket.name}" has no bucket policy denying requests without TLS: ${fix}.`, bucket.urn)];
  }
  if (documents.some((d) => d.kind === "unknown")) return [cannotCheck(`the bucket policy of "${bucket.name}" is not yet known`, bucket.urn)];
  const denies = documents.some(
    (d) => d.kind === "document" && d.statements.some((s) => deniesInsecureTransport(s) && coversAction(s, "s3", "GetObject") && coversBucketAndObjects(s)),
  );
  return denies ? [] : [violation(`The bucket policy of S3 bucket "${bucket.name}" does not deny requests without TLS for the bucket and its objects: ${fix}.`, bucket.urn)];
}

export const s3BucketPolicyDeniesInsecureTransport = stackPolicy({
  name: "s3-bucket-policy-denies-insecure-transport",
  description: "Every S3 bucket's policy denies all requests made without TLS (aws:SecureTransport = false).",
  enforcementLevel: "mandatory",
  fix: 'Add a Deny statement for Principal "*", s3:*, the bucket and its objects, with Bool aws:SecureTransport false.',
  check: (resources) => ofType(resources, T.bucket).flatMap((bucket) => checkBucketTls(bucket, resources)),
});

export function checkTopicTls(topic: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOfTarget(topic, ofType(resources, T.topic), ofType(resources, T.topicPolicy), "arn", topicNames);
  const documents = [...configs.map((c) => at(c.props, "policy")), at(topic.props, "policy")].map(parseDocument).filter((d) => d.kind !== "absent");
  const fix = `add a statement { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } }`;
  if (documents.length === 0) {
    if (unjoinable) return [cannotCheck(`topic "${topic.name}" has topic policies whose topic is not yet known`, topic.urn)];
    return [violation(`SNS topic "${topic.name}" has no topic policy denying publishing without TLS: ${fix}.`, topic.urn)];
  }
  if (documents.some((d) => d.kind === "unknown")) return [cannotCheck(`the topic policy of "${topic.name}" is not yet known`, topic.urn)];
  const denies = documents.some((d) => d.kind === "document" && d.statements.some((s) => deniesInsecureTransport(s) && coversAction(s, "sns", "Publish")));
  return denies ? [] : [violation(`The topic policy of SNS topic "${topic.name}" does not deny publishing without TLS: ${fix}.`, topic.urn)];
}

export const snsTopicPolicyDeniesInsecureTransport = stackPolicy({
  name: "sns-topic-policy-denies-insecure-transport",
  description: "SNS topic policies deny publishing without TLS.",
  enforcementLevel: "advisory",
  fix: 'Add a Deny statement for Principal "*", sns:Publish, with Bool aws:SecureTransport false.',
  check: (resources) => ofType(resources, T.topic).flatMap((topic) => checkTopicTls(topic, resources)),
});

export function checkQueueTls(queue: Res, resources: readonly Res[]): Finding[] {
  const { configs, unjoinable } = configsOfTarget(queue, ofType(resources, T.queue), ofType(resources, T.queuePolicy), "queueUrl", queueNames);
  const documents = [...configs.map((c) => at(c.props, "policy")), at(queue.props, "policy")].map(parseDocument).filter((d) => d.kind !== "absent");
  const fix = `add a queue policy with { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } }`;
  if (documents.length === 0) {
    if (unjoinable) return [cannotCheck(`queue "${queue.name}" has queue policies whose queue is not yet known`, queue.urn)];
    return [violation(`SQS queue "${queue.name}" has no queue policy denying requests without TLS: ${fix}.`, queue.urn)];
  }
  if (documents.some((d) => d.kind === "unknown")) return [cannotCheck(`the queue policy of "${queue.name}" is not yet known`, queue.urn)];
  // Receiving is what exposes the messages, sending what injects them: the deny must cover both.
  const denies = documents.some(
    (d) => d.kind === "document" && d.statements.some((s) => deniesInsecureTransport(s) && coversAction(s, "sqs", "ReceiveMessage") && coversAction(s, "sqs", "SendMessage")),
  );
  return denies ? [] : [violation(`The queue policy of SQS queue "${queue.name}" does not deny sending and receiving without TLS: ${fix}.`, queue.urn)];
}

export const sqsQueuePolicyDeniesInsecureTransport = stackPolicy({
  name: "sqs-queue-policy-denies-insecure-transport",
  description: "Every SQS queue's policy denies sending and receiving without TLS (aws:SecureTransport = false).",
  enforcementLevel: "mandatory",
  fix: 'Add a queue policy with a Deny statement for Principal "*", sqs:* (or SendMessage and ReceiveMessage), with Bool aws:SecureTransport false.',
  check: (resources) => ofType(resources, T.queue).flatMap((queue) => checkQueueTls(queue, resources)),
});

export const transportPolicies = [s3BucketPolicyDeniesInsecureTransport, snsTopicPolicyDeniesInsecureTransport, sqsQueuePolicyDeniesInsecureTransport];
