/**
 * The monthly cost of a simulated load, split by service, from the project's one price table
 * (policy-pack/lib/prices.ts, the same rows the plan's cost estimate reads). The simulation gives
 * the usage per upload (GB-seconds and invocations, retries included); the request counts per
 * upload follow the handler's calls.
 */
import { parseVariants, HANDLER_DEFAULTS } from "../../handlers/config";
import { HOURS_PER_MONTH, PRICES, roundUsd, type Price } from "../../policy-pack/lib/prices";
import type { Assumption } from "./assumptions";
import type { SimulationResult } from "./simulate";

export interface CostLine {
  readonly service: string;
  readonly item: string;
  /** Usage a month, in the price row's unit. */
  readonly quantity: number;
  readonly unit: string;
  /** Of which the always-free tier covers. */
  readonly free: number;
  readonly usd: number;
  readonly priceId: string;
}

export interface MonthlyCost {
  readonly uploadsPerMonth: number;
  readonly totalUsd: number;
  /** Total per service (Lambda, S3, DynamoDB, SNS, KMS, SQS). */
  readonly byService: Record<string, number>;
  readonly lines: CostLine[];
  readonly assumptions: Assumption[];
}

/** How many units of a price row a raw count is (per 1M requests, per 1,000 requests, ...). */
function units(price: Price, count: number): number {
  const per = /^(?:(\d+(?:\.\d+)?)([KM])? )?(.+)$/.exec(price.unit);
  const scale = per?.[1] ? Number(per[1]) * (per[2] === "M" ? 1e6 : per[2] === "K" ? 1e3 : 1) : 1;
  return count / scale;
}

export interface CostInput {
  readonly sim: SimulationResult;
  readonly memoryMb: number;
  /** Provisioned write capacity of the records table (billed by the hour whatever the load). */
  readonly tableWriteCapacity: number;
  readonly architecture: "arm64" | "x86_64";
  readonly uploadsPerMonth: number;
}

export function monthlyCost({ sim, memoryMb, tableWriteCapacity, architecture, uploadsPerMonth }: CostInput): MonthlyCost {
  const perUpload = (count: number) => (sim.arrivals > 0 ? (count / sim.arrivals) * uploadsPerMonth : 0);
  const variants = parseVariants(HANDLER_DEFAULTS.variants, "variants").length;
  const processed = sim.completed;
  const counts: { price: Price; item: string; count: number }[] = [
    { price: architecture === "arm64" ? PRICES.lambdaGbSecondArm64 : PRICES.lambdaGbSecondX86, item: "compute", count: perUpload((sim.busySeconds * memoryMb) / 1024) },
    { price: PRICES.lambdaRequests, item: "invocations (retries included)", count: perUpload(sim.invocations) },
    { price: PRICES.s3PutRequests, item: `PUT: the upload and ${variants} variants`, count: perUpload(sim.arrivals + processed * variants) },
    { price: PRICES.s3GetRequests, item: "HEAD and GET of the upload, per invocation", count: perUpload(2 * sim.invocations) },
    { price: PRICES.dynamoDbWriteCapacity, item: `${tableWriteCapacity} provisioned write units, all month`, count: tableWriteCapacity * HOURS_PER_MONTH },
    { price: PRICES.snsPublishes, item: "one notification per processed upload", count: perUpload(processed) },
    {
      price: PRICES.kmsRequests,
      item: "at most one data key per encrypted SNS publish, an upper bound (S3 Bucket Keys make S3's own calls negligible)",
      count: perUpload(processed),
    },
    { price: PRICES.sqsRequests, item: "failure-queue messages (expired and failed uploads)", count: perUpload(sim.expired + sim.failed) },
  ];
  const lines: CostLine[] = counts.map(({ price, item, count }) => {
    const quantity = units(price, count);
    const free = Math.min(quantity, price.freePerMonth ?? 0);
    return {
      service: price.service,
      item,
      quantity: Number(quantity.toPrecision(6)),
      unit: price.unit,
      free: Number(free.toPrecision(6)),
      usd: roundUsd((quantity - free) * price.usd),
      priceId: price.id,
    };
  });
  const byService: Record<string, number> = {};
  for (const line of lines) byService[line.service] = roundUsd((byService[line.service] ?? 0) + line.usd);
  const sources = [...new Set(counts.map((c) => `${c.price.id} ${c.price.source} (${c.price.asOf})`))];
  return {
    uploadsPerMonth,
    totalUsd: roundUsd(lines.reduce((sum, l) => sum + l.usd, 0)),
    byService,
    lines,
    assumptions: [
      {
        id: "monthly-cost",
        statement: `Monthly cost = the simulated usage per upload x ${uploadsPerMonth} uploads a month, less the always-free allowances (Lambda, SNS, KMS, SQS requests, 25 DynamoDB write units, taken as this stack's alone); the records table's provisioned write units are billed by the hour; S3 storage, CloudWatch and the fixed monthly items (keys, security services) are in the plan's cost, not here.`,
        source: `policy-pack/lib/prices.ts: ${sources.join("; ")}`,
      },
    ],
  };
}
