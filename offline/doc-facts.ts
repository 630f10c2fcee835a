/**
 * Facts several documents state (how many alarms the stack creates, how long one image takes at
 * the default memory, what the plan estimates the dev stack costs), computed in one place from the
 * planned dev stack and the few constants they derive from. The docs hold each fact between
 * markers, `<!-- fact:alarms -->4<!-- /fact -->`; __tests__/stack/doc-facts.test.ts checks every
 * marker against these values (UPDATE_DOC_FACTS=1 rewrites them).
 */
import * as path from "node:path";
import { formatUsd } from "../policy-pack/lib/cost";
import { planCost } from "./cost-section";
import type { PlanResource } from "./plan";

/**
 * Seconds the handler takes for a 2 MB (about 8 MP) JPEG at 512 MB on arm64: derived, not measured
 * on Lambda (docs/operations.md shows the derivation from the handler guide's CPU measurement and
 * Lambda's CPU share at 512 MB). Replace it with a measured duration when there is one.
 */
export const PER_IMAGE_SECONDS = 5;

const IMAGES = 10_000;

export const FACT_MARKER = /<!-- fact:([\w-]+) -->([\s\S]*?)<!-- \/fact -->/g;

export function docFacts(resources: readonly PlanResource[]): Record<string, string> {
  const cost = planCost(resources);
  const grouped = (n: number) => n.toLocaleString("en-US");
  return {
    alarms: String(resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length),
    perImageSeconds: String(PER_IMAGE_SECONDS),
    imagesPerHour: grouped(Math.floor(3600 / PER_IMAGE_SECONDS)),
    hoursFor10000Images: String(Math.round((IMAGES * PER_IMAGE_SECONDS) / 3600)),
    gbSecondsFor10000Images: grouped(IMAGES * PER_IMAGE_SECONDS * 0.5),
    devMonthlyUsd: formatUsd(cost.monthlyUsd),
    devFirstMonthUsd: formatUsd(cost.firstMonthUsd),
    priceTable: path.posix.join("policy-pack", "lib", "prices.ts"),
  };
}

/** `text` with every fact marker's content replaced by its value; unknown fact names are an error. */
export function withFacts(text: string, facts: Readonly<Record<string, string>>, file: string): string {
  return text.replace(FACT_MARKER, (_, name: string) => {
    if (!(name in facts)) throw new Error(`${file} names an unknown fact "${name}" (known: ${Object.keys(facts).join(", ")})`);
    return `<!-- fact:${name} -->${facts[name]}<!-- /fact -->`;
  });
}
