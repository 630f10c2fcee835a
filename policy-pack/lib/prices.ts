/**
 * The one table of AWS prices the project uses: the pack's paid-services advisory, the plan's
 * monthly cost and any usage estimate read their figures here, never from a copy. List prices in
 * USD for us-east-1 (other regions differ by a few percent). Each row names its source page and
 * the date it was checked against it (`asOf`); update both together.
 *
 * A row is either a unit price (`usd` per `unit`, e.g. per hour, per GB-month, per million
 * requests), which a caller multiplies by a quantity, or a flat monthly estimate for a service
 * billed by usage the plan cannot see (`unit: "month"`, the assumption in `note`).
 */
export interface Price {
  /** Stable key: config (`allowedPaidServices`, `monthlyCostUsd`) and code name a row by it. */
  readonly id: string;
  /** The AWS service as its pricing page names it. */
  readonly service: string;
  /** USD per `unit`. */
  readonly usd: number;
  /** What `usd` buys: "hour", "month", "key-month", "GB-month", "1M requests", ... */
  readonly unit: string;
  /** What the figure includes and assumes, in a few words. */
  readonly note: string;
  /** The pricing page the figure comes from. */
  readonly source: string;
  /** When the figure was last checked against `source` (YYYY-MM-DD). */
  readonly asOf: string;
  /** Days of free trial from the first enablement in an account; billing starts after it. */
  readonly freeTrialDays?: number;
  /** Usage the always-free tier covers every month, in `unit`s (e.g. 400,000 GB-seconds). */
  readonly freePerMonth?: number;
}

/** The AWS pricing calculator's month: 730 hours. */
export const HOURS_PER_MONTH = 730;

const CHECKED = "2026-12-08";

function rows<K extends string>(table: { readonly [id in K]: Omit<Price, "id"> }): { readonly [id in K]: Price } {
  return Object.fromEntries(Object.entries<Omit<Price, "id">>(table).map(([id, row]) => [id, { id, ...row }])) as { [id in K]: Price };
}

export const PRICES = rows({
  kmsKey: {
    service: "AWS KMS",
    usd: 1.0,
    unit: "key-month",
    note: "$1 per key-month, prorated hourly; each yearly rotation adds $1/month (capped after the second); 20,000 requests a month free",
    source: "https://aws.amazon.com/kms/pricing/",
    asOf: CHECKED,
  },
  guardDuty: {
    service: "Amazon GuardDuty",
    usd: 4.0,
    unit: "month",
    note: "one small account: 30-day trial, then per analysed CloudTrail event, S3 data event and log volume",
    source: "https://aws.amazon.com/guardduty/pricing/",
    asOf: CHECKED,
    freeTrialDays: 30,
  },
  securityHub: {
    service: "AWS Security Hub",
    usd: 2.0,
    unit: "month",
    note: "a small account: 30-day trial, then $0.0010 per security check (first 100,000 a month) and findings beyond 10,000",
    source: "https://aws.amazon.com/security-hub/pricing/",
    asOf: CHECKED,
    freeTrialDays: 30,
  },
  configRecorder: {
    service: "AWS Config",
    usd: 2.0,
    unit: "month",
    note: "a small account: $0.003 per configuration item recorded and $0.001 per rule evaluation; no free trial",
    source: "https://aws.amazon.com/config/pricing/",
    asOf: CHECKED,
  },
  pointInTimeRecovery: {
    service: "Amazon DynamoDB",
    usd: 0.2,
    unit: "GB-month",
    note: "point-in-time recovery: $0.20 per GB-month of table data",
    source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    asOf: CHECKED,
  },
  ec2Instance: {
    service: "Amazon EC2",
    usd: 0.0104,
    unit: "hour",
    note: "t3.micro on demand (750 free hours a month only in a new account's first year)",
    source: "https://aws.amazon.com/ec2/pricing/on-demand/",
    asOf: CHECKED,
  },
  natGateway: {
    service: "Amazon VPC",
    usd: 0.045,
    unit: "hour",
    note: "NAT gateway: $0.045 per hour plus $0.045 per GB processed",
    source: "https://aws.amazon.com/vpc/pricing/",
    asOf: CHECKED,
  },
  publicIpv4: {
    service: "Amazon VPC",
    usd: 0.005,
    unit: "hour",
    note: "public IPv4 address (Elastic IP): $0.005 per hour",
    source: "https://aws.amazon.com/vpc/pricing/",
    asOf: CHECKED,
  },
  loadBalancer: {
    service: "Elastic Load Balancing",
    usd: 0.0225,
    unit: "hour",
    note: "Application Load Balancer: $0.0225 per hour plus capacity units",
    source: "https://aws.amazon.com/elasticloadbalancing/pricing/",
    asOf: CHECKED,
  },
  interfaceEndpoint: {
    service: "AWS PrivateLink",
    usd: 0.01,
    unit: "hour",
    note: "interface endpoint: $0.01 per hour per AZ plus $0.01 per GB (gateway endpoints for S3 and DynamoDB are free)",
    source: "https://aws.amazon.com/privatelink/pricing/",
    asOf: CHECKED,
  },
  rdsInstance: {
    service: "Amazon RDS",
    usd: 0.017,
    unit: "hour",
    note: "db.t3.micro single-AZ, plus storage per GB-month",
    source: "https://aws.amazon.com/rds/pricing/",
    asOf: CHECKED,
  },
  rdsCluster: {
    service: "Amazon Aurora",
    usd: 0.06,
    unit: "hour",
    note: "Aurora Serverless v2 at its 0.5 ACU minimum ($0.12 per ACU-hour), plus storage and I/O",
    source: "https://aws.amazon.com/rds/aurora/pricing/",
    asOf: CHECKED,
  },
  eksCluster: {
    service: "Amazon EKS",
    usd: 0.1,
    unit: "hour",
    note: "$0.10 per cluster-hour, plus its nodes",
    source: "https://aws.amazon.com/eks/pricing/",
    asOf: CHECKED,
  },
  fargateTask: {
    service: "AWS Fargate",
    usd: 0.01234,
    unit: "hour",
    note: "one task of 0.25 vCPU and 0.5 GB ($0.04048 per vCPU-hour, $0.004445 per GB-hour)",
    source: "https://aws.amazon.com/fargate/pricing/",
    asOf: CHECKED,
  },
  openSearchDomain: {
    service: "Amazon OpenSearch Service",
    usd: 0.036,
    unit: "hour",
    note: "t3.small.search, plus storage per GB-month",
    source: "https://aws.amazon.com/opensearch-service/pricing/",
    asOf: CHECKED,
  },
  elastiCache: {
    service: "Amazon ElastiCache",
    usd: 0.017,
    unit: "hour",
    note: "cache.t3.micro node",
    source: "https://aws.amazon.com/elasticache/pricing/",
    asOf: CHECKED,
  },
  redshift: {
    service: "Amazon Redshift",
    usd: 0.25,
    unit: "hour",
    note: "dc2.large node",
    source: "https://aws.amazon.com/redshift/pricing/",
    asOf: CHECKED,
  },
  malwareProtectionS3: {
    service: "Amazon GuardDuty",
    usd: 0.4,
    unit: "month",
    note: "Malware Protection for S3 at 1,000 uploads of 2 MB a month: $0.09 per GB scanned and $0.215 per 1,000 objects (a 12-month free tier covers 1 GB and 1,000 objects a month), plus S3 object tagging at $0.01 per 10,000 tags",
    source: "https://aws.amazon.com/guardduty/pricing/",
    asOf: CHECKED,
  },
  secret: {
    service: "AWS Secrets Manager",
    usd: 0.4,
    unit: "secret-month",
    note: "$0.40 per secret-month plus $0.05 per 10,000 API calls",
    source: "https://aws.amazon.com/secrets-manager/pricing/",
    asOf: CHECKED,
  },
  // Usage prices: the capacity model (npm run capacity) multiplies them by simulated usage.
  lambdaGbSecondArm64: {
    service: "AWS Lambda",
    usd: 0.0000133334,
    unit: "GB-second",
    note: "arm64 duration (first 7.5 billion GB-seconds a month); 400,000 GB-seconds a month always free, shared with x86",
    source: "https://aws.amazon.com/lambda/pricing/",
    asOf: CHECKED,
    freePerMonth: 400_000,
  },
  lambdaGbSecondX86: {
    service: "AWS Lambda",
    usd: 0.0000166667,
    unit: "GB-second",
    note: "x86_64 duration (first 6 billion GB-seconds a month); 400,000 GB-seconds a month always free, shared with arm64",
    source: "https://aws.amazon.com/lambda/pricing/",
    asOf: CHECKED,
    freePerMonth: 400_000,
  },
  lambdaRequests: {
    service: "AWS Lambda",
    usd: 0.2,
    unit: "1M requests",
    note: "invocations, retries included; 1 million a month always free",
    source: "https://aws.amazon.com/lambda/pricing/",
    asOf: CHECKED,
    freePerMonth: 1,
  },
  s3PutRequests: {
    service: "Amazon S3",
    usd: 0.005,
    unit: "1K requests",
    note: "S3 Standard PUT, COPY, POST, LIST (the 2,000 free a month last only a new account's first year)",
    source: "https://aws.amazon.com/s3/pricing/",
    asOf: CHECKED,
  },
  s3GetRequests: {
    service: "Amazon S3",
    usd: 0.0004,
    unit: "1K requests",
    note: "S3 Standard GET, SELECT and all other requests (HEAD included)",
    source: "https://aws.amazon.com/s3/pricing/",
    asOf: CHECKED,
  },
  dynamoDbWriteCapacity: {
    service: "Amazon DynamoDB",
    usd: 0.00065,
    unit: "WCU-hour",
    note: "provisioned write capacity unit-hours (one unit: one write of up to 1 KB a second); 25 units always free per account and region",
    source: "https://aws.amazon.com/dynamodb/pricing/provisioned/",
    asOf: CHECKED,
    freePerMonth: 25 * HOURS_PER_MONTH,
  },
  snsPublishes: {
    service: "Amazon SNS",
    usd: 0.5,
    unit: "1M requests",
    note: "standard-topic publishes (64 KB chunks); 1 million a month always free; deliveries billed apart",
    source: "https://aws.amazon.com/sns/pricing/",
    asOf: CHECKED,
    freePerMonth: 1,
  },
  kmsRequests: {
    service: "AWS KMS",
    usd: 0.03,
    unit: "10K requests",
    note: "symmetric-key API requests; 20,000 a month always free",
    source: "https://aws.amazon.com/kms/pricing/",
    asOf: CHECKED,
    freePerMonth: 2,
  },
  sqsRequests: {
    service: "Amazon SQS",
    usd: 0.4,
    unit: "1M requests",
    note: "standard-queue requests (64 KB chunks); 1 million a month always free",
    source: "https://aws.amazon.com/sqs/pricing/",
    asOf: CHECKED,
    freePerMonth: 1,
  },
});

export type PriceId = keyof typeof PRICES;

/** USD a month for `quantity` of a row priced per hour (730 hours a month) or per month; usage rows need their own quantities. */
export function monthlyUsd(price: Price, quantity = 1): number {
  if (price.unit === "hour") return price.usd * HOURS_PER_MONTH * quantity;
  if (price.unit === "month" || price.unit.endsWith("-month")) return price.usd * quantity;
  throw new Error(`Price ${price.id} is per ${price.unit}: multiply its usd by a usage quantity instead of a monthly count`);
}

/** Whole cents, so totals of rounded items add up. */
export function roundUsd(amount: number): number {
  return Math.round(amount * 100) / 100;
}
