import * as pulumi from "@pulumi/pulumi";

/**
 * Typed IAM policy documents. Every statement carries a Sid so tests, reviewers and AWS error
 * messages can point at one statement; values may be Pulumi inputs (ARNs known after create).
 */

/** Condition block: operator -> condition key -> value(s). */
export type PolicyCondition = Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;

export type PolicyPrincipal = "*" | { AWS?: pulumi.Input<string | pulumi.Input<string>[]>; Service?: string | string[] };

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | string[];
  /** Required in identity and resource policies; absent in trust policies, where IAM forbids it. */
  readonly Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** Builds a document and checks that Sids are unique (IAM rejects duplicates only at deploy time). */
export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  const seen = new Set<string>();
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid)) throw new Error(`Policy statement Sid "${statement.Sid}" must be alphanumeric`);
    if (seen.has(statement.Sid)) throw new Error(`Policy statement Sid "${statement.Sid}" is used twice`);
    seen.add(statement.Sid);
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Serialises a document whose values may still be outputs. */
export function policyJson(document: PolicyDocument): pulumi.Output<string> {
  return pulumi.jsonStringify(document);
}
