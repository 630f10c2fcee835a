/**
 * Which planned resources cost money, and how much a month, from the one price table
 * (./prices). The paid-services advisory and the plan's cost estimate both read `costItems`, so
 * the advisory and the total can never disagree.
 */
import { monthlyUsd, PriceId, PRICES, roundUsd } from "./prices";
import { ofType, Res, T } from "./resources";
import { at } from "./values";

/** A kind of resource that is billed: the price row and how many of its units one resource uses a month. */
export interface PaidResource {
  readonly types: readonly string[];
  /** What it is, for messages ("KMS customer-managed key"). */
  readonly what: string;
  readonly price: PriceId;
  /** Units of `price` one resource uses a month (hours of an hourly row are added by monthlyUsd). */
  readonly quantity?: number;
  /** Why `quantity` is what it is, when it is an assumption. */
  readonly assumption?: string;
  /** Only resources this accepts are billed (an S3 gateway endpoint is free, an interface endpoint is not). */
  readonly billed?: (resource: Res) => boolean;
}

/** Keyed by the name `allowedPaidServices` and `monthlyCostUsd` take (docs/policy-rules.md). */
export const PAID_RESOURCES = {
  kmsKey: { types: T.kmsKey, what: "KMS customer-managed key", price: "kmsKey" },
  guardDuty: { types: ["aws:guardduty/detector:Detector"], what: "GuardDuty detector", price: "guardDuty" },
  securityHub: { types: ["aws:securityhub/account:Account"], what: "Security Hub", price: "securityHub" },
  configRecorder: { types: ["aws:cfg/recorder:Recorder"], what: "AWS Config recorder", price: "configRecorder" },
  pointInTimeRecovery: {
    types: T.table,
    what: "DynamoDB point-in-time recovery",
    price: "pointInTimeRecovery",
    quantity: 1,
    assumption: "assumes 1 GB of table data",
    billed: (table) => at(table.props, "pointInTimeRecovery", "enabled") === true,
  },
  ec2Instance: { types: ["aws:ec2/instance:Instance"], what: "EC2 instance", price: "ec2Instance" },
  launchTemplate: {
    types: ["aws:ec2/launchTemplate:LaunchTemplate"],
    what: "EC2 launch template (instances it starts)",
    price: "ec2Instance",
    assumption: "assumes one instance",
  },
  autoScalingGroup: { types: ["aws:autoscaling/group:Group"], what: "Auto Scaling group", price: "ec2Instance", assumption: "assumes one instance" },
  natGateway: { types: ["aws:ec2/natGateway:NatGateway"], what: "NAT gateway", price: "natGateway" },
  elasticIp: { types: ["aws:ec2/eip:Eip"], what: "Elastic IP (public IPv4)", price: "publicIpv4" },
  loadBalancer: { types: ["aws:lb/loadBalancer:LoadBalancer"], what: "load balancer", price: "loadBalancer" },
  interfaceEndpoint: {
    types: ["aws:ec2/vpcEndpoint:VpcEndpoint"],
    what: "VPC interface endpoint",
    price: "interfaceEndpoint",
    assumption: "assumes one AZ",
    billed: (endpoint) => at(endpoint.props, "vpcEndpointType") === "Interface",
  },
  rdsInstance: { types: ["aws:rds/instance:Instance"], what: "RDS instance", price: "rdsInstance" },
  rdsCluster: { types: ["aws:rds/cluster:Cluster"], what: "Aurora/RDS cluster", price: "rdsCluster" },
  eksCluster: { types: ["aws:eks/cluster:Cluster"], what: "EKS cluster", price: "eksCluster" },
  ecsService: { types: ["aws:ecs/service:Service"], what: "ECS service (Fargate tasks)", price: "fargateTask", assumption: "assumes one task" },
  openSearchDomain: { types: ["aws:opensearch/domain:Domain"], what: "OpenSearch domain", price: "openSearchDomain" },
  elastiCache: { types: ["aws:elasticache/cluster:Cluster"], what: "ElastiCache cluster", price: "elastiCache" },
  redshift: { types: ["aws:redshift/cluster:Cluster"], what: "Redshift cluster", price: "redshift" },
  secret: { types: ["aws:secretsmanager/secret:Secret"], what: "Secrets Manager secret", price: "secret" },
  malwareProtectionS3: {
    types: ["aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan"],
    what: "GuardDuty Malware Protection for S3 plan",
    price: "malwareProtectionS3",
    assumption: "scales with uploads: about $0.40 for each further 1,000 images of 2 MB",
  },
} as const satisfies Record<string, PaidResource>;

export type PaidResourceKey = keyof typeof PAID_RESOURCES;
export const PAID_RESOURCE_KEYS = Object.keys(PAID_RESOURCES) as PaidResourceKey[];

/** One billed resource, as the plan's `cost.items` lists it. */
export interface CostItem {
  /** The resource's logical name. */
  readonly resource: string;
  readonly urn: string;
  /** The AWS service billing it ("AWS KMS"). */
  readonly service: string;
  /** The `allowedPaidServices` key. */
  readonly key: PaidResourceKey;
  readonly what: string;
  /** After any free trial. */
  readonly monthlyUsd: number;
  /** The first month of a new account: 0 while the service's free trial runs. */
  readonly firstMonthUsd: number;
  /** The basis of the figure (the price row's note, the quantity assumed, a config override). */
  readonly note: string;
}

export interface CostOptions {
  /** USD a month per resource, by key: overrides the table (the pack's `monthlyCostUsd`). */
  readonly monthlyCostUsd?: Readonly<Record<string, number>>;
}

/** Every billed resource of the stack, in table order then resource order. */
export function costItems(resources: readonly Res[], options: CostOptions = {}): CostItem[] {
  const items: CostItem[] = [];
  for (const key of PAID_RESOURCE_KEYS) {
    const paid: PaidResource = PAID_RESOURCES[key];
    const price = PRICES[paid.price];
    const override = options.monthlyCostUsd?.[key];
    const monthly = roundUsd(override ?? monthlyUsd(price, paid.quantity ?? 1));
    const note = override !== undefined ? `set in monthlyCostUsd.${key}` : [price.note, paid.assumption].filter(Boolean).join("; ");
    for (const resource of ofType([...resources], paid.types)) {
      if (paid.billed && !paid.billed(resource)) continue;
      items.push({
        resource: resource.name,
        urn: resource.urn,
        service: price.service,
        key,
        what: paid.what,
        monthlyUsd: monthly,
        firstMonthUsd: price.freeTrialDays !== undefined && price.freeTrialDays >= 30 ? 0 : monthly,
        note,
      });
    }
  }
  return items;
}

export interface CostEstimate {
  /** A month after every free trial has ended. */
  readonly monthlyUsd: number;
  /** The first month (services on a free trial count 0). */
  readonly firstMonthUsd: number;
  readonly items: readonly CostItem[];
}

export function costEstimate(resources: readonly Res[], options: CostOptions = {}): CostEstimate {
  const items = costItems(resources, options);
  const sum = (pick: (item: CostItem) => number) => roundUsd(items.reduce((total, item) => total + pick(item), 0));
  return { monthlyUsd: sum((i) => i.monthlyUsd), firstMonthUsd: sum((i) => i.firstMonthUsd), items };
}

/** "$1.00" */
export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
