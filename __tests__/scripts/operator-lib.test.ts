/**
 * The pieces every operator tool shares: naming a failed AWS call (service, operation, code, fix)
 * through a middleware on real SDK clients pointed at a closed port and at a stand-in server, the
 * region taken from ARNs and queue URLs, and the failure document `--json` prints.
 */
import { ListDetectorsCommand, GuardDutyClient } from "@aws-sdk/client-guardduty";
import { ListAliasesCommand, KMSClient } from "@aws-sdk/client-kms";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { describeFailure, formatFailure, nameFailures } from "../../scripts/lib/aws-failure";
import { chooseRegion, regionOfArn, regionOfQueueUrl } from "../../scripts/lib/region";
import { CallsFailed, settleAll } from "../../scripts/lib/settle-all";
import { reportFailure } from "../../scripts/lib/tool-failure";
import { EXIT } from "../../tools/exit-codes";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

describe("naming a failed call", () => {
  let server: http.Server;
  let endpoint = "";
  let answer: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: "" };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const guardDuty = () => nameFailures(new GuardDutyClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 }));

  it("an access denial names the service, operation, AWS's code and the IAM action to grant", async () => {
    answer = {
      status: 403,
      headers: { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" },
      body: JSON.stringify({ message: "not authorized to perform: guardduty:ListDetectors" }),
    };
    const error = await guardDuty()
      .send(new ListDetectorsCommand({}))
      .catch((e: unknown) => e);
    expect(describeFailure(error)).toEqual({
      service: "GuardDuty",
      operation: "ListDetectors",
      code: "AccessDeniedException",
      message: "not authorized to perform: guardduty:ListDetectors",
      fix: "the identity you run as lacks guardduty:ListDetectors: grant it (`aws sts get-caller-identity` shows who you are)",
    });
  });

  it("a page that is not the AWS API (a proxy, a wrong endpoint) is named as such, not as a bare SyntaxError", async () => {
    answer = { status: 200, headers: { "content-type": "text/html" }, body: "<html><body>Sign in to the proxy</body></html>" };
    const kms = nameFailures(new KMSClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 }));
    const failure = describeFailure(await kms.send(new ListAliasesCommand({})).catch((e: unknown) => e));
    expect(failure).toMatchObject({ service: "KMS", operation: "ListAliases", code: "SyntaxError" });
    expect(failure.fix).toContain("not the AWS API");
    expect(formatFailure(failure)).toMatch(/^KMS ListAliases failed with SyntaxError: .*\. Fix: the endpoint answered/);
  });

  it("a closed port and a missing region say what to check", async () => {
    const closed = nameFailures(new GuardDutyClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials, maxAttempts: 1 }));
    expect(describeFailure(await closed.send(new ListDetectorsCommand({})).catch((e: unknown) => e))).toMatchObject({
      service: "GuardDuty",
      operation: "ListDetectors",
      code: "ECONNREFUSED",
      fix: expect.stringContaining("could not be reached"),
    });
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const regionless = nameFailures(new GuardDutyClient({ credentials, maxAttempts: 1 }));
      const failure = describeFailure(await regionless.send(new ListDetectorsCommand({})).catch((e: unknown) => e));
      expect(failure).toMatchObject({ service: "GuardDuty", operation: "ListDetectors" });
      expect(failure.fix).toBe("pass a resource ARN that names the region, or --region, or set AWS_REGION");
    } finally {
      if (saved !== undefined) process.env.AWS_REGION = saved;
    }
  });

  it("an error from no AWS call keeps its message alone", () => {
    expect(formatFailure(describeFailure(new Error("--stack <name> is required")))).toBe("--stack <name> is required");
  });
});

describe("the region", () => {
  it("comes from regional ARNs and AWS queue URLs, never from global or emulator ones", () => {
    expect(regionOfArn("arn:aws:lambda:eu-west-1:123456789012:function:f")).toBe("eu-west-1");
    expect(regionOfArn("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k")).toBe("us-gov-west-1");
    expect(regionOfArn("arn:aws:iam::123456789012:role/r")).toBeUndefined();
    expect(regionOfArn("arn:aws:s3:::bucket")).toBeUndefined();
    expect(regionOfArn(undefined)).toBeUndefined();
    expect(regionOfQueueUrl("https://sqs.ap-southeast-2.amazonaws.com/123456789012/q")).toBe("ap-southeast-2");
    expect(regionOfQueueUrl("https://eu-central-1.queue.amazonaws.com/123456789012/q")).toBe("eu-central-1");
    expect(regionOfQueueUrl("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q")).toBe("cn-north-1");
    expect(regionOfQueueUrl("http://127.0.0.1:5000/123456789012/q")).toBeUndefined();
    expect(regionOfQueueUrl("not a url")).toBeUndefined();
  });

  it("is the first candidate that names one, in the tool's order; none leaves it to the SDK", () => {
    expect(
      chooseRegion([
        { from: "--region", region: undefined },
        { from: "the function ARN", region: "eu-west-1" },
        { from: "the queue URL", region: "us-east-1" },
      ]),
    ).toEqual({ region: "eu-west-1", from: "the function ARN" });
    expect(chooseRegion([{ from: "--region", region: undefined }])).toBeUndefined();
  });
});

describe("the failure document and exit code", () => {
  it("lists every failed call, prints JSON on stdout with --json, and returns 2", async () => {
    const logs: string[] = [];
    const errors: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void logs.push(line));
    const error = jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    try {
      const failed = await settleAll({ a: async () => 1, b: () => Promise.reject(new Error("first")), c: () => Promise.reject(new Error("second")) }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(CallsFailed);
      expect(reportFailure("preflight", failed, true)).toBe(EXIT.usage);
      expect(errors).toEqual(["preflight: first", "preflight: second"]);
      const doc = JSON.parse(logs.join("\n")) as { tool: string; exitCode: number; error: { message: string }; failures: { message: string }[] };
      expect([doc.tool, doc.exitCode, doc.error.message, doc.failures.map((f) => f.message)]).toEqual(["preflight", 2, "first", ["first", "second"]]);
      logs.length = 0;
      expect(reportFailure("reprocess", new Error("bad"), false)).toBe(2);
      expect(logs).toEqual([]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(await settleAll({ a: async () => 1, b: async () => "x" })).toEqual({ a: 1, b: "x" });
  });
});
