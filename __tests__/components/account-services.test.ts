/**
 * Account-level services (GuardDuty, Security Hub, Config recorder) created, taken as existing, or
 * left alone. Under mocks: proves what the stack asks AWS for (no detector, hub or recorder of its
 * own with "existing"; the export still on the account's detector), not that AWS accepts it.
 */
import { accountServicesFromSettings, type AccountServiceSettings } from "../../components/account-services";
import { AccountSecurityBaseline, accountDetectorArnPattern, SecurityBaseline } from "../../components";
import { ofType, single } from "../../offline/records";
import { hexOf, MOCK_ACCOUNT_ID } from "../../offline/mocks";
import { ProgramRun, runProgram } from "../../offline/run-program";
import * as pulumi from "@pulumi/pulumi";

const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const EXPORT = { bucketArn: "arn:aws:s3:::findings-bucket-9f8e7d6", prefix: "guardduty/", kmsKeyArn: KEY };
const LOOKED_UP = hexOf(`existing-detector-${MOCK_ACCOUNT_ID}-us-east-1`, 32);
const promiseOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

let run: ProgramRun;
let detectorArns: Record<string, string | undefined>;
beforeAll(async () => {
  const arns: Record<string, pulumi.Output<string> | undefined> = {};
  run = await runProgram({
    program: () => {
      const looked = new AccountSecurityBaseline("looked", {
        services: { guardDuty: { mode: "existing" }, securityHub: { mode: "existing" }, configRecorder: { mode: "existing" } },
        findingsExport: EXPORT,
      });
      const named = new AccountSecurityBaseline("named", { services: { guardDuty: { mode: "existing", detectorId: "d0given" } }, logBucketName: "logs-1", findingsExport: EXPORT });
      const none = new AccountSecurityBaseline("none", { services: { guardDuty: { mode: "none" }, securityHub: { mode: "none" }, configRecorder: { mode: "none" } } });
      arns.looked = looked.detectorArn;
      arns.named = named.detectorArn;
      arns.none = none.detectorArn;
      return {};
    },
  });
  detectorArns = Object.fromEntries(await Promise.all(Object.entries(arns).map(async ([k, v]) => [k, v === undefined ? undefined : await promiseOf(v)] as const)));
}, 120_000);

const namesOfType = (type: string) =>
  ofType(run, type)
    .map((r) => r.name)
    .sort();

describe("existing services", () => {
  test("the stack creates no detector, hub, recorder, delivery channel or Config role of its own", () => {
    expect(namesOfType("aws:guardduty/detector:Detector")).toEqual([]);
    expect(namesOfType("aws:guardduty/detectorFeature:DetectorFeature")).toEqual([]);
    expect(namesOfType("aws:securityhub/account:Account")).toEqual(["named-securityhub"]);
    expect(namesOfType("aws:cfg/recorder:Recorder")).toEqual(["named-config-recorder"]);
    expect(namesOfType("aws:cfg/deliveryChannel:DeliveryChannel")).toEqual(["named-config-delivery"]);
  });

  test("findings are still exported, on the detector looked up or given", () => {
    expect(single(run, "aws:guardduty/publishingDestination:PublishingDestination", "looked-guardduty-findings-export").inputs).toEqual({
      detectorId: LOOKED_UP,
      destinationType: "S3",
      destinationArn: `${EXPORT.bucketArn}/guardduty`,
      kmsKeyArn: KEY,
    });
    expect(single(run, "aws:guardduty/publishingDestination:PublishingDestination", "named-guardduty-findings-export").inputs.detectorId).toBe("d0given");
    expect(detectorArns).toEqual({
      looked: `arn:aws:guardduty:us-east-1:${MOCK_ACCOUNT_ID}:detector/${LOOKED_UP}`,
      named: `arn:aws:guardduty:us-east-1:${MOCK_ACCOUNT_ID}:detector/d0given`,
      none: undefined,
    });
  });

  test("an existing hub is still subscribed to the CIS benchmark, waiting on nothing", () => {
    const cis = single(run, "aws:securityhub/standardsSubscription:StandardsSubscription", "looked-cis");
    expect(cis.inputs.standardsArn).toMatch(/^arn:aws:securityhub:us-east-1::standards\/cis-aws-foundations-benchmark\//);
    expect(cis.dependencies).toEqual([]);
  });

  test("none creates nothing at all", () => {
    expect(run.resources.filter((r) => r.parent?.endsWith("::none")).map((r) => r.name)).toEqual([]);
  });
});

describe("one way to say each service", () => {
  test("a service given both as services and as its flag is refused, naming both", () => {
    expect(
      () =>
        new SecurityBaseline("x", {
          kmsKeyArn: KEY,
          securityTopicArn: "t",
          logBucketName: "l",
          storageBucketName: "s",
          enableGuardDuty: true,
          services: { guardDuty: { mode: "existing" } },
        }),
    ).toThrow(/give either services.guardDuty or enableGuardDuty, not both/);
  });

  test("an export with GuardDuty left alone is refused", () => {
    expect(() => new AccountSecurityBaseline("y", { services: { guardDuty: { mode: "none" } }, findingsExport: EXPORT, logBucketName: "l" })).toThrow(
      /findingsExport is set but enableGuardDuty is false/,
    );
  });

  test("the detector pattern names every detector of the account in the region, and no other account's or region's", async () => {
    const pattern = await promiseOf(accountDetectorArnPattern("aws", "eu-west-1", MOCK_ACCOUNT_ID));
    expect(pattern).toBe(`arn:aws:guardduty:eu-west-1:${MOCK_ACCOUNT_ID}:detector/*`);
  });
});

describe("the stack keys", () => {
  const base: AccountServiceSettings = {
    enableGuardDuty: true,
    guardDutyDetector: "create",
    guardDutyDetectorId: "",
    enableSecurityHub: true,
    securityHubAccount: "create",
    enableConfig: true,
    configRecorder: "create",
    configRecorderName: "",
  };

  test.each<[string, Partial<AccountServiceSettings>, ReturnType<typeof accountServicesFromSettings>["services"]]>([
    ["the defaults create all three", {}, { guardDuty: { mode: "create" }, securityHub: { mode: "create" }, configRecorder: { mode: "create" } }],
    [
      "existing, looked up",
      { guardDutyDetector: "existing", securityHubAccount: "existing", configRecorder: "existing" },
      { guardDuty: { mode: "existing" }, securityHub: { mode: "existing" }, configRecorder: { mode: "existing" } },
    ],
    [
      "existing, by id and name",
      { guardDutyDetector: "existing", guardDutyDetectorId: "abc", configRecorder: "existing", configRecorderName: "default" },
      { guardDuty: { mode: "existing", detectorId: "abc" }, securityHub: { mode: "create" }, configRecorder: { mode: "existing", recorderName: "default" } },
    ],
    [
      "a flag off is none, whatever its mode says",
      { enableGuardDuty: false, guardDutyDetector: "existing", enableSecurityHub: false, enableConfig: false },
      { guardDuty: { mode: "none" }, securityHub: { mode: "none" }, configRecorder: { mode: "none" } },
    ],
  ])("%s", (_case, change, services) => {
    expect(accountServicesFromSettings({ ...base, ...change })).toEqual({ services, problems: [] });
  });

  test("a bad mode, or an id without existing, is a problem naming the key", () => {
    expect(accountServicesFromSettings({ ...base, guardDutyDetector: "import", configRecorderName: "default" }).problems).toEqual([
      ["guardDutyDetector", 'must be one of create, existing, got "import"'],
      ["configRecorderName", 'is set but configRecorder is not "existing": it names the account\'s own'],
    ]);
  });
});
