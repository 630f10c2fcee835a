import type { PolicyStatement } from "./policy-document";

/**
 * A queue's resource policy: refuse every request made without TLS (security policy 3.3), as the
 * bucket and topic policies do. It grants nothing: same-account callers are allowed by their own
 * identity policies (the function's role sends, the operator role receives and deletes), and no
 * one else needs the queue.
 */
export function queuePolicyStatements(queueArn: string): PolicyStatement[] {
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: queueArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}
