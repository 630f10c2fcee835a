/**
 * The plan's estimated monthly cost: the pack's cost estimate (policy-pack/lib/cost.ts, prices
 * from policy-pack/lib/prices.ts) over the planned resources, per item and in total, for the
 * first month and after the free trials; as text, as Markdown for the pull-request comment and as
 * the `cost` key of `--json`.
 */
import { costEstimate, type CostEstimate, formatUsd } from "../policy-pack/lib/cost";
import { PRICES } from "../policy-pack/lib/prices";
import type { PlanResource } from "./plan";
import { type PlanSection, readPolicyConfig } from "./plan-sections";
import type { PolicyConfig } from "./policy-eval";

/** The `cost` key of `npm run plan -- --json`. */
export interface PlanCost {
  readonly monthlyUsd: number;
  readonly firstMonthUsd: number;
  readonly items: ReadonlyArray<{ resource: string; service: string; monthlyUsd: number; firstMonthUsd: number; note: string }>;
  /** The newest check date among the prices used, and where they live. */
  readonly pricesAsOf: string;
  readonly priceTable: string;
}

export const PRICE_TABLE_FILE = "policy-pack/lib/prices.ts";

/** What the estimate leaves out, said once wherever the total is printed. */
export const COST_SCOPE =
  "Usage inside the always-free tier (Lambda, S3, DynamoDB, SNS, SQS, CloudWatch, the first CloudTrail management trail) counts $0; prices are us-east-1 list prices.";

/** The pack's `monthlyCostUsd` overrides, from --policy-pack-config, apply here too. */
function overrides(config: PolicyConfig | undefined): Record<string, number> | undefined {
  const entry = config?.["paid-services-cost"];
  if (entry === undefined || typeof entry === "string") return undefined;
  return entry.monthlyCostUsd as Record<string, number> | undefined;
}

export function planCost(resources: readonly PlanResource[], config?: PolicyConfig): PlanCost {
  const estimate: CostEstimate = costEstimate(
    resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs })),
    { monthlyCostUsd: overrides(config) },
  );
  const dates = Object.values(PRICES).map((p) => p.asOf);
  return {
    monthlyUsd: estimate.monthlyUsd,
    firstMonthUsd: estimate.firstMonthUsd,
    items: estimate.items.map(({ resource, service, monthlyUsd, firstMonthUsd, note }) => ({ resource, service, monthlyUsd, firstMonthUsd, note })),
    pricesAsOf: dates.sort().at(-1) ?? "",
    priceTable: PRICE_TABLE_FILE,
  };
}

function totalLine(cost: PlanCost): string {
  return `${formatUsd(cost.monthlyUsd)} a month after the free trials; ${formatUsd(cost.firstMonthUsd)} in the first month`;
}

export function formatCostText(cost: PlanCost): string {
  const header = `Estimated monthly cost: ${totalLine(cost)} (USD, prices of ${cost.pricesAsOf}, ${cost.priceTable})`;
  if (cost.items.length === 0) return [header, "  No billed resources.", `  ${COST_SCOPE}`].join("\n");
  const nameWidth = Math.max(...cost.items.map((i) => i.resource.length));
  const serviceWidth = Math.max(...cost.items.map((i) => i.service.length));
  return [
    header,
    ...cost.items.map(
      (i) =>
        `  ${i.resource.padEnd(nameWidth)}  ${i.service.padEnd(serviceWidth)}  ${formatUsd(i.monthlyUsd).padStart(7)}  first month ${formatUsd(i.firstMonthUsd).padStart(6)}  ${i.note}`,
    ),
    `  ${"Total".padEnd(nameWidth)}  ${"".padEnd(serviceWidth)}  ${formatUsd(cost.monthlyUsd).padStart(7)}  first month ${formatUsd(cost.firstMonthUsd).padStart(6)}`,
    `  ${COST_SCOPE}`,
  ].join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function formatCostMarkdown(cost: PlanCost): string {
  const lines = [`#### Estimated monthly cost: ${totalLine(cost)}`, ""];
  if (cost.items.length > 0) {
    lines.push("| Resource | Service | Monthly | First month | Basis |", "| --- | --- | ---: | ---: | --- |");
    for (const i of cost.items) lines.push(`| ${cell(i.resource)} | ${cell(i.service)} | ${formatUsd(i.monthlyUsd)} | ${formatUsd(i.firstMonthUsd)} | ${cell(i.note)} |`);
    lines.push(`| **Total** | | **${formatUsd(cost.monthlyUsd)}** | **${formatUsd(cost.firstMonthUsd)}** | |`, "");
  }
  lines.push(`USD, prices of ${cost.pricesAsOf} (\`${cost.priceTable}\`). ${COST_SCOPE}`);
  return lines.join("\n");
}

/** The cost as a plan section: Markdown with --markdown (it joins the pull-request comment), text otherwise. */
export function costSection(plan: { readonly resources: readonly PlanResource[] }, options: { markdown: boolean; configFile?: string }): PlanSection {
  const cost = planCost(plan.resources, options.configFile === undefined ? undefined : readPolicyConfig(options.configFile));
  return { json: cost, text: options.markdown ? formatCostMarkdown(cost) : formatCostText(cost) };
}
