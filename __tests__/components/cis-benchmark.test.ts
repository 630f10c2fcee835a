/**
 * The CIS benchmark subscription: each version's standards ARN in its own form, checked against
 * the table of the installed @pulumi/aws StandardsSubscription reference (a reference oracle for
 * v1.2.0, v1.4.0 and v3.0.0; it does not list v5.0.0, which takes the v3.0.0 form), and the
 * component subscribing to the newest by default or to the configured version, in the stack's
 * partition and region, refusing any other.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AccountSecurityBaseline } from "../../components";
import { CIS_BENCHMARK_VERSIONS, cisStandardsArn, DEFAULT_CIS_BENCHMARK_VERSION, type CisBenchmarkVersion } from "../../components/cis-benchmark";
import { single } from "../../offline/records";
import { runProgram } from "../../offline/run-program";

const PROVIDER_DOC = fs.readFileSync(path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), "securityhub/standardsSubscription.d.ts"), "utf8");

/** `| CIS AWS Foundations Benchmark v1.4.0 | \`arn:${var.partition}:...\` |` rows of the provider's reference. */
const documented = new Map(
  [...PROVIDER_DOC.matchAll(/\| CIS AWS Foundations Benchmark v([\d.]+)\s*\| `([^`]+)`/g)].map((m) => [
    m[1],
    m[2].replace("${var.partition}", "aws-us-gov").replace("${var.region}", "us-gov-west-1"),
  ]),
);

it("the default is the newest version Security Hub supports", () => {
  expect(CIS_BENCHMARK_VERSIONS).toEqual(["5.0.0", "3.0.0", "1.4.0", "1.2.0"]);
  expect(DEFAULT_CIS_BENCHMARK_VERSION).toBe("5.0.0");
});

it.each(["1.2.0", "1.4.0", "3.0.0"] as const)("v%s: the ARN the provider's reference gives, in any partition and region", (version) => {
  expect(documented.get(version)).toBeDefined();
  expect(cisStandardsArn(version, "aws-us-gov", "us-gov-west-1")).toBe(documented.get(version));
});

it("v5.0.0 is a regional standards ARN like v3.0.0, and v1.2.0 a global ruleset", () => {
  expect(cisStandardsArn("5.0.0", "aws", "eu-west-1")).toBe("arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0");
  expect(cisStandardsArn("1.2.0", "aws", "eu-west-1")).toBe("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0");
  expect(() => cisStandardsArn("2.0.0" as CisBenchmarkVersion, "aws", "eu-west-1")).toThrow('cisBenchmarkVersion must be one of 5.0.0, 3.0.0, 1.4.0, 1.2.0, got "2.0.0"');
});

it("the component subscribes to the newest by default, or to the version asked for, and refuses others", async () => {
  const run = await runProgram({
    program: () => {
      new AccountSecurityBaseline("newest", { enableGuardDuty: false, enableConfig: false });
      new AccountSecurityBaseline("audited", { enableGuardDuty: false, enableConfig: false, cisBenchmarkVersion: "1.2.0" });
      return {};
    },
  });
  const arnOf = async (name: string) => single(run, "aws:securityhub/standardsSubscription:StandardsSubscription", `${name}-cis`).inputs.standardsArn;
  expect(await arnOf("newest")).toBe("arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0");
  expect(await arnOf("audited")).toBe("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0");
  await expect(
    runProgram({
      program: () => {
        new AccountSecurityBaseline("bad", { enableGuardDuty: false, enableConfig: false, cisBenchmarkVersion: "4.0.0" as CisBenchmarkVersion });
        return {};
      },
    }),
  ).rejects.toThrow(/cisBenchmarkVersion must be one of 5\.0\.0, 3\.0\.0, 1\.4\.0, 1\.2\.0, got "4\.0\.0"/);
}, 120_000);
