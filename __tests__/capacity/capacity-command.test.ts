/**
 * The capacity command in-process: its flags, its JSON contract, its exit codes, the measured job
 * times it reads (bench/service-times.json, written by the bench) and the monthly cost from the
 * one price table. The command as a child process is in __tests__/integration/capacity-command.test.ts.
 */
import { ENCRYPTED_TABLE_DEFAULTS } from "../../components/encrypted-table";
import { IMAGE_PROCESSOR_DEFAULTS } from "../../components/image-processor-args";
import { PRICES } from "../../policy-pack/lib/prices";
import { capacityCommand, stackCapacityConfig } from "../../tools/capacity";
import { parseCapacityArgs, parseDuration, parseMix, parseRate, UsageError } from "../../tools/capacity/cli-args";
import { cpuShare, MB_PER_VCPU } from "../../tools/capacity/lambda-async";
import { jobKinds, runModel, type CapacityReport } from "../../tools/capacity/model";
import { BENCH_MEMORY_SIZES_MB, lambdaSeconds, lambdaSecondsByMemory, readServiceTimes } from "../../tools/capacity/service-times";
import { BENCH_INPUTS } from "../../bench/inputs";

const json = (argv: string[]) => {
  const { code, stdout } = capacityCommand([...argv, "--json"]);
  return { code, report: JSON.parse(stdout) as CapacityReport };
};

describe("the measured job times (bench/service-times.json)", () => {
  const st = readServiceTimes();

  it("names bench inputs only, and the mix of the examples is measured", () => {
    const names = BENCH_INPUTS.map((i) => i.name);
    expect(Object.keys(st.inputs).filter((n) => !names.includes(n))).toEqual([]);
    expect(Object.keys(st.inputs)).toEqual(expect.arrayContaining(["jpeg-12mp", "png-12mp"]));
    expect(st.command).toMatch(/^npm run bench -- .*--service-times bench\/service-times\.json/);
  });

  it("records each job at 512, 1,024 and 1,769 MB as CPU divided by the CPU share", () => {
    for (const input of Object.values(st.inputs)) {
      expect(Object.keys(input.lambdaSeconds)).toEqual(BENCH_MEMORY_SIZES_MB.map(String));
      expect(input.lambdaSeconds).toEqual(lambdaSecondsByMemory(input.hostCpuMs));
      expect(input.lambdaSeconds["1769"].warm).toBeCloseTo(input.hostCpuMs.warm / 1000, 3);
      expect(input.hostCpuMs.cold).toBeGreaterThanOrEqual(input.hostCpuMs.warm);
    }
  });

  it("scales CPU linearly with memory up to one vCPU at 1,769 MB, and not beyond (single-threaded job)", () => {
    expect(MB_PER_VCPU).toBe(1769);
    expect(cpuShare(512)).toBeCloseTo(512 / 1769, 12);
    expect(cpuShare(1769)).toBe(1);
    expect(cpuShare(3538)).toBe(1);
    expect(lambdaSeconds(400, 1024)).toBeCloseTo(0.4 / (1024 / 1769), 12);
  });

  it("builds the model's job kinds from the mix, adding the I/O time, and refuses an unmeasured name", () => {
    const [jpeg] = jobKinds(st, { "jpeg-12mp": 1 }, 1024, 0.15);
    expect(jpeg.warmSeconds).toBeCloseTo(lambdaSeconds(st.inputs["jpeg-12mp"].hostCpuMs.warm, 1024) + 0.15, 12);
    expect(() => jobKinds(st, { "jpeg-99mp": 1 }, 512, 0)).toThrow("--mix: no measured job time for jpeg-99mp");
  });
});

describe("flags", () => {
  it("reads rates, times and mixes as a user writes them", () => {
    expect(parseRate("5/s")).toBe(5);
    expect(parseRate("300/min")).toBe(5);
    expect(parseRate("1800/h")).toBe(0.5);
    expect(parseDuration("--over", "10m")).toBe(600);
    expect(parseDuration("--over", "1.5h")).toBe(5400);
    expect(parseDuration("--over", "90")).toBe(90);
    expect(parseMix("jpeg-12mp=0.8,png-12mp=0.2")).toEqual({ "jpeg-12mp": 0.8, "png-12mp": 0.2 });
    expect(() => parseRate("fast")).toThrow(UsageError);
    expect(() => parseMix("jpeg-12mp")).toThrow("--mix expects name=share pairs");
  });

  it("reports every bad flag at once, and asks for a load", () => {
    expect(() => parseCapacityArgs(["--rate", "5/s", "--concurrency", "0", "--memory", "64", "--max-event-age", "10s"])).toThrow(
      ['--concurrency must be a whole number from 1 to 1000, got "0"', '--memory must be a whole number from 128 to 10240, got "64"'].join("\n"),
    );
    expect(() => parseCapacityArgs(["--rate", "5/s", "--max-event-age", "7h"])).toThrow("--max-event-age must be a whole number of seconds from 60s to 6h");
    expect(() => parseCapacityArgs([])).toThrow("give a load: --rate, --burst or --backlog");
    expect(() => parseCapacityArgs(["--over", "10m"])).toThrow("--over needs --burst");
    expect(() => parseCapacityArgs(["--rate", "1/s", "--bogus"])).toThrow(UsageError);
  });

  it("defaults to the component's defaults and lets a stack file speak, then the flags", () => {
    const { report } = json(["--rate", "0.1/s", "--duration", "10m"]);
    expect(report.config).toEqual({
      concurrency: IMAGE_PROCESSOR_DEFAULTS.reservedConcurrency,
      memoryMb: IMAGE_PROCESSOR_DEFAULTS.memoryMb,
      maxEventAgeSeconds: IMAGE_PROCESSOR_DEFAULTS.maximumEventAgeInSeconds,
      maxRetryAttempts: IMAGE_PROCESSOR_DEFAULTS.maxRetryAttempts,
      eventAgeAlarmPercent: IMAGE_PROCESSOR_DEFAULTS.eventAgeAlarmPercent,
      architecture: IMAGE_PROCESSOR_DEFAULTS.architecture,
      tableWriteCapacity: ENCRYPTED_TABLE_DEFAULTS.writeCapacity,
    });
    expect(stackCapacityConfig("dev")).toMatchObject({ concurrency: 1, memoryMb: 512, maxEventAgeSeconds: 21600, eventAgeAlarmPercent: 50 });
    expect(json(["--stack", "dev", "--concurrency", "3", "--rate", "0.1/s", "--duration", "10m"]).report.config.concurrency).toBe(3);
  });

  it("--help exits 0 and names every flag it parses", () => {
    const { code, stdout } = capacityCommand(["--help"]);
    expect(code).toBe(0);
    for (const flag of ["--rate", "--burst", "--over", "--backlog", "--mix", "--concurrency", "--memory", "--max-event-age", "--stack", "--recommend", "--json", "--poller"]) {
      expect(stdout).toContain(flag);
    }
  });
});

describe("the answer", () => {
  it("has the contract's fields and the details, and exits 0 when nothing is lost", () => {
    const { code, report } = json(["--rate", "0.2/s", "--duration", "30m", "--mix", "jpeg-12mp=0.8,png-12mp=0.2"]);
    expect(code).toBe(0);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["throughputPerHour", "queueAgeP99Seconds", "expired", "drainSeconds", "monthlyUsd", "assumptions"]));
    expect(report.expired).toBe(0);
    expect(report.jobs.map((j) => j.name)).toEqual(["jpeg-12mp", "png-12mp"]);
    for (const a of report.assumptions) expect(a.source.length).toBeGreaterThan(0);
    expect(report.assumptions.map((a) => a.id)).toEqual(
      expect.arrayContaining(["throttle-retry", "error-retry", "maximum-event-age", "cpu-share", "service-times", "io-time", "monthly-cost"]),
    );
    expect(report.assumptions.find((a) => a.id === "maximum-event-age")?.source).toBe("https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html");
    expect(report.assumptions.find((a) => a.id === "cpu-share")?.source).toBe("https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html");
    expect(report.queueAgeOverTime.length).toBeGreaterThan(5);
  });

  it("exits 1 when uploads would be lost, and says when the age alarm fires before the first loss", () => {
    const { code, report } = json(["--burst", "20000", "--over", "10m", "--max-event-age", "1h"]);
    expect(code).toBe(1);
    expect(report.expired).toBeGreaterThan(10000);
    expect(report.eventAgeAlarmThresholdSeconds).toBe(1800);
    expect(report.eventAgeAlarmSeconds).not.toBeNull();
    expect(report.eventAgeAlarmSeconds!).toBeLessThan(report.firstExpirySeconds!);
  });

  it("prices the month from the price table: Lambda GB-seconds and requests past the free tier, S3, DynamoDB, SNS, KMS", () => {
    const { report } = json(["--rate", "1/s", "--duration", "10m", "--uploads-per-month", "3000000"]);
    const line = (id: string) => report.cost.lines.find((l) => l.priceId === id)!;
    const gbSeconds = line("lambdaGbSecondArm64");
    expect(gbSeconds.free).toBe(PRICES.lambdaGbSecondArm64.freePerMonth);
    expect(gbSeconds.usd).toBeCloseTo((gbSeconds.quantity - gbSeconds.free) * PRICES.lambdaGbSecondArm64.usd, 2);
    // 3 million uploads, 3 PUTs each (the upload and two variants), priced per 1,000.
    expect(line("s3PutRequests").quantity).toBeCloseTo(9000, 0);
    // The table's 5 provisioned write units all month, inside the 25 free.
    expect(line("dynamoDbWriteCapacity")).toMatchObject({ quantity: 5 * 730, free: 5 * 730, usd: 0 });
    expect(line("snsPublishes").usd).toBeCloseTo(2 * PRICES.snsPublishes.usd, 2);
    expect(Object.keys(report.cost.byService)).toEqual(["AWS Lambda", "Amazon S3", "Amazon DynamoDB", "Amazon SNS", "AWS KMS", "Amazon SQS"]);
    expect(report.monthlyUsd).toBeCloseTo(
      report.cost.lines.reduce((sum, l) => sum + l.usd, 0),
      2,
    );
  });

  it("says when the table's provisioned writes cannot carry the load (3 per upload), and exits 1", () => {
    const small = json(["--rate", "5/s", "--duration", "20m", "--concurrency", "10"]);
    expect(small.report.expired).toBe(0);
    expect(small.report.peakWritesPerSecond).toBeGreaterThan(13);
    expect(small.report.peakWritesPerSecond).toBeLessThan(17);
    expect(small.report.tableWriteCapacityOk).toBe(false);
    expect(small.code).toBe(1);
    const sized = json(["--rate", "5/s", "--duration", "20m", "--concurrency", "10", "--table-wcu", "20"]);
    expect([sized.report.tableWriteCapacityOk, sized.code]).toEqual([true, 0]);
  });

  it("is the same answer for the same seed", () => {
    const argv = ["--rate", "2/s", "--duration", "20m", "--burst", "3000", "--over", "5m", "--seed", "4"];
    expect(json(argv).report).toEqual(json(argv).report);
  });

  it("runs the model on the configuration it was given (more concurrency drains faster)", () => {
    const st = readServiceTimes();
    const load = { ratePerSecond: 0, durationSeconds: 0, burst: { count: 5000, overSeconds: 60, atSeconds: 0 }, mix: { "jpeg-12mp": 1 }, errorRate: 0, uploadsPerMonth: 5000 };
    const options = { ioSeconds: 0.15, poller: "backoff" as const, arrivals: "poisson" as const, seed: 1, periodSeconds: 300 };
    const base = { concurrency: 1, memoryMb: 512, maxEventAgeSeconds: 21600, maxRetryAttempts: 2, eventAgeAlarmPercent: 50, architecture: "arm64" as const, tableWriteCapacity: 5 };
    const one = runModel(st, base, load, options);
    const four = runModel(st, { ...base, concurrency: 4 }, load, options);
    expect(four.drainSeconds).toBeLessThan(one.drainSeconds / 3);
    expect(Math.abs(four.capacityPerHour - 4 * one.capacityPerHour)).toBeLessThanOrEqual(4); // each rounded to a whole upload
  });
});
