/**
 * The price table and the cost estimate built on it: every row is sourced and dated, hourly rows
 * become 730-hour months, usage rows refuse a monthly count, free trials count 0 in the first
 * month, and overrides replace the table's figure.
 */
import { costEstimate, costItems, PAID_RESOURCES } from "../../policy-pack/lib/cost";
import { HOURS_PER_MONTH, monthlyUsd, PRICES, type Price } from "../../policy-pack/lib/prices";
import { res, T } from "./fixtures";

describe("PRICES", () => {
  it.each(Object.entries(PRICES))("%s names an AWS pricing page, a check date and a positive price", (id, row: Price) => {
    expect(row.id).toBe(id);
    expect(row.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\//);
    expect(row.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(row.asOf))).toBe(false);
    expect(row.usd).toBeGreaterThan(0);
    expect(row.note.length).toBeGreaterThan(0);
  });

  it("turns an hourly row into a 730-hour month and keeps monthly rows as they are", () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(monthlyUsd(PRICES.natGateway)).toBeCloseTo(32.85, 10);
    expect(monthlyUsd(PRICES.kmsKey, 2)).toBe(2);
    expect(monthlyUsd(PRICES.pointInTimeRecovery, 3)).toBeCloseTo(0.6, 10);
  });

  it("refuses a monthly count for a usage price", () => {
    const perRequest: Price = { ...PRICES.kmsKey, id: "requests", unit: "1M requests" };
    expect(() => monthlyUsd(perRequest)).toThrow("Price requests is per 1M requests: multiply its usd by a usage quantity instead of a monthly count");
  });

  it("names a price row for every paid resource kind", () => {
    for (const paid of Object.values(PAID_RESOURCES)) expect(PRICES[paid.price]).toBeDefined();
  });
});

describe("costEstimate", () => {
  const key = res(T.key, "data-key", {});
  const hub = res("aws:securityhub/account:Account", "hub", {});
  const recorder = res("aws:cfg/recorder:Recorder", "recorder", {});
  const pitr = res(T.table, "records", { pointInTimeRecovery: { enabled: true } });

  it("adds the items up, with services on a free trial at 0 in the first month", () => {
    const estimate = costEstimate([key, hub, recorder, pitr, res(T.table, "no-pitr", {}), res(T.topic, "free")]);
    expect(estimate.items.map((i) => [i.resource, i.service, i.monthlyUsd, i.firstMonthUsd])).toEqual([
      ["data-key", "AWS KMS", 1, 1],
      ["hub", "AWS Security Hub", 2, 0],
      ["recorder", "AWS Config", 2, 2],
      ["records", "Amazon DynamoDB", 0.2, 0.2],
    ]);
    expect(estimate.monthlyUsd).toBe(5.2);
    expect(estimate.firstMonthUsd).toBe(3.2);
  });

  it("is empty and zero for a stack of free resources", () => {
    expect(costEstimate([res(T.topic, "t"), res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" })])).toEqual({
      monthlyUsd: 0,
      firstMonthUsd: 0,
      items: [],
    });
  });

  it("takes an override in place of the table's figure and says so", () => {
    const [item] = costItems([hub], { monthlyCostUsd: { securityHub: 7.5 } });
    expect(item).toMatchObject({ monthlyUsd: 7.5, firstMonthUsd: 0, note: "set in monthlyCostUsd.securityHub" });
  });
});
