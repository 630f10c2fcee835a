import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { policyDocumentOf } from "./policy-document-invoke";

/**
 * Mocks that answer like AWS would: each resource type gets the ARN, id and name shapes the real
 * provider returns, so code that builds ARNs and policies from outputs is exercised for real.
 */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockEnvironment {
  readonly region: string;
  readonly accountId: string;
}

/** Deterministic hex from a seed (stable plans, stable tests). */
export function hexOf(seed: string, length: number): string {
  return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Pulumi auto-names physical resources `<logical name>-<7 hex>`. */
function physicalName(name: string): string {
  return `${name}-${hexOf(name, 7)}`;
}

function uuidFrom(seed: string): string {
  const h = hexOf(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;
type Minter = (name: string, inputs: State, env: MockEnvironment) => { id: string; state: State };

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** A bucket's state as AWS returns it: the bucket name is its id. */
function bucketState(name: string, inputs: State, env: MockEnvironment): { id: string; state: State } {
  const bucket = str(inputs.bucket) ?? physicalName(name);
  return {
    id: bucket,
    state: {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${env.region}.amazonaws.com`,
      region: env.region,
    },
  };
}

const MINTERS: Record<string, Minter> = {
  "aws:s3/bucket:Bucket": (name, inputs, env) => bucketState(name, inputs, env),
  // The deprecated alias is the same resource: AWS returns the bucket name as its id.
  "aws:s3/bucketV2:BucketV2": (name, inputs, env) => bucketState(name, inputs, env),
  "aws:kms/key:Key": (name, _inputs, env) => {
    const keyId = uuidFrom(name);
    return { id: keyId, state: { keyId, arn: `arn:aws:kms:${env.region}:${env.accountId}:key/${keyId}` } };
  },
  "aws:kms/alias:Alias": (name, inputs, env) => {
    const alias = str(inputs.name) ?? `alias/${physicalName(name)}`;
    return { id: alias, state: { name: alias, arn: `arn:aws:kms:${env.region}:${env.accountId}:${alias}` } };
  },
  "aws:dynamodb/table:Table": (name, inputs, env) => {
    const table = str(inputs.name) ?? physicalName(name);
    return { id: table, state: { name: table, arn: `arn:aws:dynamodb:${env.region}:${env.accountId}:table/${table}` } };
  },
  "aws:sns/topic:Topic": (name, inputs, env) => {
    const topic = str(inputs.name) ?? physicalName(name);
    const arn = `arn:aws:sns:${env.region}:${env.accountId}:${topic}`;
    return { id: arn, state: { name: topic, arn } };
  },
  "aws:sns/topicSubscription:TopicSubscription": (name, inputs) => {
    const arn = `${str(inputs.topic) ?? "topic"}:${uuidFrom(name)}`;
    return { id: arn, state: { arn } };
  },
  "aws:iam/role:Role": (name, inputs, env) => {
    const role = str(inputs.name) ?? physicalName(name);
    return { id: role, state: { name: role, arn: `arn:aws:iam::${env.accountId}:role/${role}`, uniqueId: `AROA${hexOf(name, 17).toUpperCase()}` } };
  },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs, env) => {
    // IAM names an OIDC provider by its issuer URL without the scheme.
    const arn = `arn:aws:iam::${env.accountId}:oidc-provider/${(str(inputs.url) ?? "oidc.example.com").replace(/^https:\/\//, "")}`;
    return { id: arn, state: { arn } };
  },
  "aws:iam/user:User": (name, inputs, env) => {
    const user = str(inputs.name) ?? physicalName(name);
    return { id: user, state: { name: user, arn: `arn:aws:iam::${env.accountId}:user${str(inputs.path) ?? "/"}${user}`, uniqueId: `AIDA${hexOf(name, 17).toUpperCase()}` } };
  },
  "aws:iam/group:Group": (name, inputs, env) => {
    const group = str(inputs.name) ?? physicalName(name);
    return { id: group, state: { name: group, arn: `arn:aws:iam::${env.accountId}:group${str(inputs.path) ?? "/"}${group}`, uniqueId: `AGPA${hexOf(name, 17).toUpperCase()}` } };
  },
  "aws:iam/policy:Policy": (name, inputs, env) => {
    const policy = str(inputs.name) ?? physicalName(name);
    const arn = `arn:aws:iam::${env.accountId}:policy/${policy}`;
    return { id: arn, state: { name: policy, arn, policyId: `ANPA${hexOf(name, 17).toUpperCase()}` } };
  },
  "aws:iam/rolePolicy:RolePolicy": (name, inputs) => {
    const policy = str(inputs.name) ?? physicalName(name);
    return { id: `${str(inputs.role) ?? "role"}:${policy}`, state: { name: policy } };
  },
  "aws:lambda/function:Function": (name, inputs, env) => {
    const fn = str(inputs.name) ?? physicalName(name);
    const arn = `arn:aws:lambda:${env.region}:${env.accountId}:function:${fn}`;
    return {
      id: fn,
      state: {
        name: fn,
        arn,
        qualifiedArn: `${arn}:$LATEST`,
        invokeArn: `arn:aws:apigateway:${env.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        version: "$LATEST",
      },
    };
  },
  "aws:sqs/queue:Queue": (name, inputs, env) => {
    const queue = str(inputs.name) ?? physicalName(name);
    const url = `https://sqs.${env.region}.amazonaws.com/${env.accountId}/${queue}`;
    return { id: url, state: { name: queue, url, arn: `arn:aws:sqs:${env.region}:${env.accountId}:${queue}` } };
  },
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs, env) => {
    const group = str(inputs.name) ?? physicalName(name);
    // The provider reports log group ARNs without the trailing ":*".
    return { id: group, state: { name: group, arn: `arn:aws:logs:${env.region}:${env.accountId}:log-group:${group}` } };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, env) => {
    const alarm = str(inputs.name) ?? physicalName(name);
    return { id: alarm, state: { name: alarm, arn: `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:${alarm}` } };
  },
  "aws:cloudwatch/eventRule:EventRule": (name, inputs, env) => {
    const rule = str(inputs.name) ?? physicalName(name);
    return { id: rule, state: { name: rule, arn: `arn:aws:events:${env.region}:${env.accountId}:rule/${rule}` } };
  },
  "aws:cloudtrail/trail:Trail": (name, inputs, env) => {
    const trail = str(inputs.name) ?? physicalName(name);
    const arn = `arn:aws:cloudtrail:${env.region}:${env.accountId}:trail/${trail}`;
    return { id: arn, state: { name: trail, arn, homeRegion: env.region } };
  },
  "aws:guardduty/detector:Detector": (name, _inputs, env) => {
    const id = hexOf(name, 32);
    return { id, state: { accountId: env.accountId, arn: `arn:aws:guardduty:${env.region}:${env.accountId}:detector/${id}` } };
  },
  "aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan": (name, _inputs, env) => {
    const id = hexOf(name, 20);
    return { id, state: { arn: `arn:aws:guardduty:${env.region}:${env.accountId}:malware-protection-plan/${id}`, status: "ACTIVE" } };
  },
  "aws:cfg/recorder:Recorder": (_name, inputs) => {
    const recorder = str(inputs.name) ?? "default";
    return { id: recorder, state: { name: recorder } };
  },
  "aws:cfg/deliveryChannel:DeliveryChannel": (_name, inputs) => {
    const channel = str(inputs.name) ?? "default";
    return { id: channel, state: { name: channel } };
  },
  "aws:securityhub/account:Account": (_name, _inputs, env) => ({
    id: env.accountId,
    state: { arn: `arn:aws:securityhub:${env.region}:${env.accountId}:hub/default` },
  }),
  "aws:ec2/securityGroup:SecurityGroup": (name, _inputs, env) => {
    const id = `sg-${hexOf(name, 17)}`;
    return { id, state: { arn: `arn:aws:ec2:${env.region}:${env.accountId}:security-group/${id}` } };
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": (name, _inputs, env) => {
    const id = `vpce-${hexOf(name, 17)}`;
    return { id, state: { arn: `arn:aws:ec2:${env.region}:${env.accountId}:vpc-endpoint/${id}`, prefixListId: `pl-${hexOf(name, 8)}` } };
  },
  "aws:ebs/volume:Volume": (name, _inputs, env) => {
    const id = `vol-${hexOf(name, 17)}`;
    return { id, state: { arn: `arn:aws:ec2:${env.region}:${env.accountId}:volume/${id}` } };
  },
  "aws:rds/snapshot:Snapshot": (name, inputs, env) => {
    const id = str(inputs.dbSnapshotIdentifier) ?? physicalName(name);
    return { id, state: { dbSnapshotArn: `arn:aws:rds:${env.region}:${env.accountId}:snapshot:${id}` } };
  },
  "aws:rds/clusterSnapshot:ClusterSnapshot": (name, inputs, env) => {
    const id = str(inputs.dbClusterSnapshotIdentifier) ?? physicalName(name);
    return { id, state: { dbClusterSnapshotArn: `arn:aws:rds:${env.region}:${env.accountId}:cluster-snapshot:${id}` } };
  },
  // awsx's Vpc is a remote (multi-language) component: the mock stands in for its outputs.
  "awsx:ec2:Vpc": (name, _inputs, env) => {
    const vpcId = `vpc-${hexOf(name, 17)}`;
    const subnets = ["a", "b"].map((az) => `subnet-${hexOf(name + az, 17)}`);
    return { id: vpcId, state: { vpcId, isolatedSubnetIds: subnets, privateSubnetIds: [], publicSubnetIds: [], region: env.region } };
  },
};

/** The attributes the provider computes when it creates a resource of this type (empty for types not minted). */
export function mintedAttributes(type: string, name: string, inputs: State, env: MockEnvironment): string[] {
  const minter = MINTERS[type];
  return minter ? Object.keys(minter(name, inputs, env).state) : [];
}

/** Resource types whose mock outputs are minted realistically (others echo their inputs). */
export const MINTED_TYPES = Object.keys(MINTERS);

/** An invoke the offline mocks do not answer: the cause the planner reports once. */
export class UnansweredInvokeError extends Error {
  constructor(readonly token: string) {
    super(`The offline mocks do not answer the invoke ${token}: add it to offline/mocks.ts`);
  }
}

export function createMocks(env: MockEnvironment, onUnanswered?: (error: UnansweredInvokeError) => void): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
      const minter = MINTERS[args.type];
      if (!minter) return { id: args.custom ? `${args.name}-${hexOf(args.name, 8)}` : undefined, state: args.inputs };
      const { id, state } = minter(args.name, args.inputs, env);
      return { id, state: { ...args.inputs, ...state } };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: env.accountId, arn: `arn:aws:iam::${env.accountId}:user/offline-plan`, userId: "AIDAOFFLINEPLAN", id: env.accountId };
        case "aws:index/getRegion:getRegion":
          return { name: env.region, region: env.region, id: env.region, endpoint: `ec2.${env.region}.amazonaws.com`, description: env.region };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:ec2/getRouteTables:getRouteTables":
          return { id: String(args.inputs.vpcId), vpcId: args.inputs.vpcId, ids: ["a", "b"].map((az) => `rtb-${hexOf(String(args.inputs.vpcId) + az, 17)}`) };
        case "aws:guardduty/getDetector:getDetector": {
          // The account's existing detector (one per region): a stable id of this mock account.
          const id = hexOf(`existing-detector-${env.accountId}-${env.region}`, 32);
          return {
            id,
            findingPublishingFrequency: "SIX_HOURS",
            serviceRoleArn: `arn:aws:iam::${env.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            status: "ENABLED",
            features: [],
          };
        }
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          return policyDocumentOf(args.inputs);
        default: {
          // Failing loudly beats inventing an answer the program would silently build on.
          const error = new UnansweredInvokeError(args.token);
          onUnanswered?.(error);
          throw error;
        }
      }
    },
  };
}
