/**
 * The policies of a planned program, indexed for the flow proof: every ARN the program mints (by
 * the resource's logical name), every role's identity policies and permissions boundary, and the
 * resource policy that governs each ARN (key, bucket, topic, queue, Lambda permissions, role
 * trust). Everything here is read from the registrations; nothing is a hand-typed copy.
 */
import type { PolicyDocument } from "../components/policy-document";
import type { ProgramRun, ResourceRecord } from "./run-program";

/** A policy document the flow proof evaluates, named by where it comes from. */
export interface WorldPolicy {
  /** e.g. `aws:kms/key:Key pipeline-key (policy)`. */
  readonly label: string;
  readonly kind: "identity" | "boundary" | "resource";
  /** Resource policies: the ARN they govern (a `Resource` of it or `<it>/*` is already its widest). */
  governs?: string;
  document: PolicyDocument;
}

export interface WorldRole {
  readonly name: string;
  readonly arn: string;
  readonly identity: WorldPolicy[];
  readonly boundary?: WorldPolicy;
}

export interface FlowWorld {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** Logical resource name -> ARN (plus a few derived anchors, see `anchorsOf`). */
  readonly anchors: ReadonlyMap<string, string>;
  /** Role logical name -> role. */
  readonly roles: ReadonlyMap<string, WorldRole>;
  /** Resource policies, each with the ARN it governs (a bucket's also governs `<arn>/*`). */
  readonly resourcePolicies: readonly { readonly arn: string; readonly prefixMatch: boolean; readonly policy: WorldPolicy }[];
  /** Every document, for the mutation test. */
  readonly policies: readonly WorldPolicy[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const prop = (r: ResourceRecord, key: string): unknown => r.outputs[key] ?? r.inputs[key];

function parse(record: ResourceRecord, field: string): PolicyDocument {
  const value = record.inputs[field];
  if (typeof value !== "string") throw new Error(`${record.type} ${record.name} has no JSON ${field} input`);
  return JSON.parse(value) as PolicyDocument;
}

function policy(record: ResourceRecord, field: string, kind: WorldPolicy["kind"]): WorldPolicy {
  return { label: `${record.type} ${record.name} (${field})`, kind, document: parse(record, field) };
}

/**
 * A Lambda permission as the resource policy AWS builds from it (AddPermission): the principal,
 * the action on the function, and the source conditions the permission names.
 */
function permissionPolicy(record: ResourceRecord, functionArn: string): PolicyDocument {
  const condition: Record<string, Record<string, string>> = {};
  const sourceArn = str(record.inputs.sourceArn);
  const sourceAccount = str(record.inputs.sourceAccount);
  if (sourceArn) condition.ArnLike = { "AWS:SourceArn": sourceArn };
  if (sourceAccount) condition.StringEquals = { "AWS:SourceAccount": sourceAccount };
  const principal = String(record.inputs.principal);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: record.name.replace(/[^A-Za-z0-9]/g, ""),
        Effect: "Allow",
        Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : { AWS: principal },
        Action: String(record.inputs.action),
        Resource: functionArn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ],
  };
}

/** Builds the world from a recorded program run. */
export function flowWorld(run: ProgramRun): FlowWorld {
  const region = run.config["aws:region"] ?? "us-east-1";
  const anchors = new Map<string, string>();
  for (const r of run.resources) {
    const arn = str(prop(r, "arn"));
    if (!r.custom || !arn) continue;
    const known = anchors.get(r.name);
    if (known !== undefined && known !== arn) throw new Error(`flow world: two resources named ${r.name} (${known}, ${arn}); anchors must be unique`);
    anchors.set(r.name, arn);
  }
  const anyArn = [...anchors.values()].find((a) => /^arn:[^:]+:(kms|sns|sqs):[^:]+:\d{12}:/.test(a));
  if (!anyArn) throw new Error("flow world: the program mints no regional ARN to read the account from");
  const [, partition, , , account] = anyArn.split(":");

  const byArn = (type: string, arn: unknown) => run.resources.find((r) => r.type === type && prop(r, "arn") === arn);
  const policies: WorldPolicy[] = [];
  const resourcePolicies: { arn: string; prefixMatch: boolean; policy: WorldPolicy }[] = [];
  const addResourcePolicy = (arn: string, p: WorldPolicy, prefixMatch = false) => {
    p.governs = arn;
    policies.push(p);
    resourcePolicies.push({ arn, prefixMatch, policy: p });
  };

  const roles = new Map<string, WorldRole>();
  for (const role of run.resources.filter((r) => r.type === "aws:iam/role:Role")) {
    const arn = String(prop(role, "arn"));
    const name = String(prop(role, "name"));
    const identity = run.resources
      .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && (r.inputs.role === name || r.inputs.role === role.id))
      .map((r) => policy(r, "policy", "identity"));
    const boundaryRecord = str(role.inputs.permissionsBoundary) ? byArn("aws:iam/policy:Policy", role.inputs.permissionsBoundary) : undefined;
    if (str(role.inputs.permissionsBoundary) && !boundaryRecord) throw new Error(`flow world: role ${role.name}'s boundary is not a policy of the program`);
    const boundary = boundaryRecord ? policy(boundaryRecord, "policy", "boundary") : undefined;
    policies.push(...identity, ...(boundary ? [boundary] : []));
    roles.set(role.name, { name, arn, identity, ...(boundary ? { boundary } : {}) });
    // The trust policy is the role's resource policy for sts:AssumeRole.
    addResourcePolicy(arn, policy(role, "assumeRolePolicy", "resource"));
  }

  for (const r of run.resources) {
    if (r.type === "aws:kms/key:Key") addResourcePolicy(String(prop(r, "arn")), policy(r, "policy", "resource"));
    if (r.type === "aws:sns/topicPolicy:TopicPolicy") addResourcePolicy(String(r.inputs.arn), policy(r, "policy", "resource"));
    if (r.type === "aws:sqs/queuePolicy:QueuePolicy") {
      const queue = run.resources.find((q) => q.type === "aws:sqs/queue:Queue" && (prop(q, "url") === r.inputs.queueUrl || q.id === r.inputs.queueUrl));
      if (!queue) throw new Error(`flow world: queue policy ${r.name} names no queue of the program`);
      addResourcePolicy(String(prop(queue, "arn")), policy(r, "policy", "resource"));
    }
    if (r.type === "aws:s3/bucketPolicy:BucketPolicy") {
      const bucket = run.resources.find((b) => b.type === "aws:s3/bucket:Bucket" && (b.id === r.inputs.bucket || prop(b, "bucket") === r.inputs.bucket));
      if (!bucket) throw new Error(`flow world: bucket policy ${r.name} names no bucket of the program`);
      addResourcePolicy(String(prop(bucket, "arn")), policy(r, "policy", "resource"), true);
    }
  }
  // Lambda permissions add up to one function policy per function.
  const permissions = run.resources.filter((r) => r.type === "aws:lambda/permission:Permission");
  for (const fn of run.resources.filter((r) => r.type === "aws:lambda/function:Function")) {
    const fnArn = String(prop(fn, "arn"));
    const mine = permissions.filter((p) => p.inputs.function === prop(fn, "name") || p.inputs.function === fnArn);
    if (mine.length === 0) continue;
    const statements = mine.flatMap((p) => permissionPolicy(p, fnArn).Statement);
    const p: WorldPolicy = { label: `aws:lambda/function:Function ${fn.name} (permissions)`, kind: "resource", document: { Version: "2012-10-17", Statement: statements } };
    addResourcePolicy(fnArn, p);
  }
  for (const [name, arn] of anchorsOf(run, partition, region, account)) anchors.set(name, arn);
  return { account, region, partition, anchors, roles, resourcePolicies, policies };
}

/** Anchors that are not a resource's own ARN: the Lambda's subnets and security groups. */
function anchorsOf(run: ProgramRun, partition: string, region: string, account: string): [string, string][] {
  const out: [string, string][] = [];
  for (const fn of run.resources.filter((r) => r.type === "aws:lambda/function:Function")) {
    const vpc = fn.inputs.vpcConfig as { subnetIds?: string[]; securityGroupIds?: string[] } | undefined;
    (vpc?.subnetIds ?? []).forEach((id, i) => out.push([`${fn.name}-subnet-${i}`, `arn:${partition}:ec2:${region}:${account}:subnet/${id}`]));
    (vpc?.securityGroupIds ?? []).forEach((id, i) => out.push([`${fn.name}-security-group-${i}`, `arn:${partition}:ec2:${region}:${account}:security-group/${id}`]));
  }
  return out;
}

/** The resource policy that governs `arn` (a bucket's policy governs its objects too). */
export function resourcePolicyFor(world: FlowWorld, arn: string): WorldPolicy | undefined {
  return world.resourcePolicies.find((p) => p.arn === arn || (p.prefixMatch && arn.startsWith(`${p.arn}/`)))?.policy;
}
