/**
 * ImageProcessor under Pulumi mocks. Limit of these proofs: they show what the program asks AWS
 * to create (exact IAM documents, settings, archive contents), not that AWS accepts it or that
 * IAM evaluates it as intended; the moto e2e suite covers more of that.
 */
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedTable, ImageProcessor, ImageProcessorArgs, IsolatedNetwork } from "../../components";
import { handlerFactory, VPC_DESCRIBE_ACTIONS, VPC_NETWORK_INTERFACE_ACTIONS } from "../../components/image-processor";
import { ENV, loadConfig } from "../../handlers/config";
import { policyOf, single, ofType } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const ACCOUNT = "123456789012";
const BASE: ImageProcessorArgs = {
  bucketName: "images-bucket-1a2b3c4",
  bucketArn: "arn:aws:s3:::images-bucket-1a2b3c4",
  tableName: "records-5d6e7f8",
  tableArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/records-5d6e7f8`,
  notificationTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:notifications-0a1b2c3`,
  alarmTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts-4d5e6f7`,
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
};

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      const processor = new ImageProcessor("processor", BASE);
      const network = new IsolatedNetwork("net");
      const tuned = new ImageProcessor("tuned", {
        ...BASE,
        functionName: "tuned-images",
        memoryMb: 1024,
        timeoutSeconds: 120,
        reservedConcurrency: 2,
        architecture: "x86_64",
        logRetentionDays: 14,
        errorThreshold: 10,
        maximumEventAgeInSeconds: 3600,
        eventAgeAlarmPercent: 25,
        variants: "800x600",
        logLevel: "DEBUG",
        vpc: { subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId] },
        codePathOptions: { extraExcludePackages: ["@aws-sdk/client-sns"] },
        handlerBuild: { sourceDir: "__tests__/components/fixtures/handler", outDir: ".build/test-fixture-handler" },
      });
      const { bucketName: _bn, bucketArn: _ba, tableName: _tn, tableArn: _ta, ...rest } = BASE;
      const table = new EncryptedTable("ref-records");
      new ImageProcessor("by-ref", { ...rest, bucket: { name: "ref-bucket-9a8b7c6", arn: "arn:aws:s3:::ref-bucket-9a8b7c6" }, table });
      return { processor: processor.functionName, tuned: tuned.functionName };
    },
  });
}, 120_000);

const queueArn = (component: string) => single(run, "aws:sqs/queue:Queue", `${component}-failures`).outputs.arn as string;
const logGroupArn = (fn: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${fn}`;

describe("the execution role", () => {
  test("its inline policy grants exactly the handler's actions on exactly its resources", () => {
    expect(policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "processor-policy"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::images-bucket-1a2b3c4/uploads/*" },
        { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::images-bucket-1a2b3c4/processed/*" },
        { Sid: "PutRecords", Effect: "Allow", Action: "dynamodb:PutItem", Resource: BASE.tableArn },
        { Sid: "PublishNotifications", Effect: "Allow", Action: "sns:Publish", Resource: BASE.notificationTopicArn },
        { Sid: "UseDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: BASE.kmsKeyArn },
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn("processor-dev")}:*` },
        { Sid: "SendFailedEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn("processor") },
      ],
    });
  });

  test("a permissions boundary caps it at the security policy's appendix C (plus the failure queue)", () => {
    const boundary = single(run, "aws:iam/policy:Policy", "processor-boundary");
    expect(policyOf(boundary)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "MaxS3Objects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: ["arn:aws:s3:::images-bucket-1a2b3c4/uploads/*", "arn:aws:s3:::images-bucket-1a2b3c4/processed/*"],
        },
        { Sid: "MaxDynamoDbPutItem", Effect: "Allow", Action: "dynamodb:PutItem", Resource: BASE.tableArn },
        { Sid: "MaxSnsPublish", Effect: "Allow", Action: "sns:Publish", Resource: BASE.notificationTopicArn },
        { Sid: "MaxKmsDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: BASE.kmsKeyArn },
        {
          Sid: "MaxCloudWatchLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [logGroupArn("processor-dev"), `${logGroupArn("processor-dev")}:*`],
        },
        { Sid: "MaxSqsFailureQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn("processor") },
      ],
    });
    const role = single(run, "aws:iam/role:Role", "processor-role");
    expect(role.inputs.permissionsBoundary).toBe(boundary.outputs.arn);
    expect(role.inputs.name).toBe("processor-dev-role");
    expect(policyOf(role, "assumeRolePolicy")).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });

  test("never CallbackFunction's default role: no managed policies, and exclusive ownership of the role's policies", () => {
    expect(ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    expect(
      ofType(run, "aws:iam/role:Role")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["by-ref-role", "processor-role", "tuned-role"]);
    const exclusive = single(run, "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "processor-no-managed-policies");
    expect(exclusive.inputs).toEqual({ roleName: "processor-dev-role", policyArns: [] });
    const inlineOnly = single(run, "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "processor-only-inline-policy");
    expect(inlineOnly.inputs).toEqual({ roleName: "processor-dev-role", policyNames: [single(run, "aws:iam/rolePolicy:RolePolicy", "processor-policy").outputs.name] });
    expect(single(run, "aws:lambda/function:Function", "processor-function").inputs.role).toBe(`arn:aws:iam::${ACCOUNT}:role/processor-dev-role`);
  });

  test("with VPC isolation the role (and its boundary) also get the ENI actions, scoped to its subnets, groups and this account's ENIs", () => {
    const subnetIds = single(run, "awsx:ec2:Vpc", "net-vpc").outputs.isolatedSubnetIds as string[];
    const groupId = single(run, "aws:ec2/securityGroup:SecurityGroup", "net-lambda-sg").id;
    const ec2 = `arn:aws:ec2:us-east-1:${ACCOUNT}`;
    expect(subnetIds.length).toBeGreaterThan(0);
    const vpcStatements = (prefix: string) => [
      // Describe* accept only "*" (AWS's action data): nothing narrower exists.
      { Sid: `${prefix}DescribeVpcNetwork`, Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
      {
        Sid: `${prefix}VpcNetworkInterfaces`,
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        Resource: [`${ec2}:network-interface/*`, ...subnetIds.map((id) => `${ec2}:subnet/${id}`), `${ec2}:security-group/${groupId}`],
      },
    ];
    const statements = policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "tuned-policy")).Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      "ReadUploads",
      "WriteProcessed",
      "PutRecords",
      "PublishNotifications",
      "UseDataKeys",
      "WriteOwnLogs",
      "SendFailedEvents",
      "ManageDescribeVpcNetwork",
      "ManageVpcNetworkInterfaces",
    ]);
    expect(statements.slice(7)).toEqual(vpcStatements("Manage"));
    expect(policyOf(single(run, "aws:iam/policy:Policy", "tuned-boundary")).Statement.slice(-2)).toEqual(vpcStatements("Max"));
    expect([...VPC_DESCRIBE_ACTIONS, ...VPC_NETWORK_INTERFACE_ACTIONS].sort()).toEqual(
      // AWSLambdaVPCAccessExecutionRole's actions: what Lambda needs to attach a function to a VPC.
      [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses",
      ],
    );
  });
});

describe("the function", () => {
  test("has the secure defaults: nodejs22.x on arm64, 512 MB, concurrency 1, CMK-encrypted environment", () => {
    const fn = single(run, "aws:lambda/function:Function", "processor-function");
    // Exact: a new input (say, a public function URL or another role) must show up here.
    const { code, environment, ...settings } = fn.inputs;
    expect(code).toBeDefined();
    expect(settings).toEqual({
      name: "processor-dev",
      role: `arn:aws:iam::${ACCOUNT}:role/processor-dev-role`,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memorySize: 512,
      timeout: 60,
      reservedConcurrentExecutions: 1,
      kmsKeyArn: BASE.kmsKeyArn,
      handler: "__index.handler",
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/processor-dev", applicationLogLevel: "INFO", systemLogLevel: "WARN" },
    });
    expect(environment).toEqual({
      variables: {
        TABLE_NAME: BASE.tableName,
        TOPIC_ARN: BASE.notificationTopicArn,
        KMS_KEY_ARN: BASE.kmsKeyArn,
        UPLOAD_PREFIX: "uploads/",
        PROCESSED_PREFIX: "processed/",
        MAX_IMAGE_BYTES: String(25 * 1024 * 1024),
        MAX_IMAGE_PIXELS: "40000000",
        VARIANTS: "1024x1024,256x256",
        JPEG_QUALITY: "80",
        RECORD_TTL_DAYS: "90",
        POWERTOOLS_SERVICE_NAME: "image-pipeline",
        POWERTOOLS_METRICS_NAMESPACE: "SecureImagePipeline",
        POWERTOOLS_LOG_LEVEL: "INFO",
      },
    });
  });

  test("sets every variable of the handler's contract (handlers/config.ts ENV)", () => {
    const variables = (single(run, "aws:lambda/function:Function", "processor-function").inputs.environment as { variables: Record<string, string> }).variables;
    // MALWARE_SCAN_BUCKET is set only with uploadTrigger "malware-scan" (__tests__/stack/malware-scan-variant.test.ts).
    expect(Object.values(ENV).filter((name) => !(name in variables))).toEqual([ENV.malwareScanBucket]);
    // And the handler accepts them as they are.
    expect(() => loadConfig(variables)).not.toThrow();
  });

  test("overrides win over every default they name, and only those", () => {
    const fn = single(run, "aws:lambda/function:Function", "tuned-function");
    expect(fn.inputs).toMatchObject({ name: "tuned-images", memorySize: 1024, timeout: 120, reservedConcurrentExecutions: 2, architectures: ["x86_64"], runtime: "nodejs22.x" });
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect([env.VARIANTS, env.POWERTOOLS_LOG_LEVEL, env.JPEG_QUALITY]).toEqual(["800x600", "DEBUG", "80"]);
    expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "tuned-logs").inputs.retentionInDays).toBe(14);
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "tuned-errors").inputs.threshold).toBe(10);
    expect(single(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "tuned-async").inputs.maximumEventAgeInSeconds).toBe(3600);
    // 25% of one hour, in AsyncEventAge's milliseconds.
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "tuned-event-age").inputs.threshold).toBe(900_000);
    expect(fn.inputs.vpcConfig).toEqual({
      subnetIds: single(run, "awsx:ec2:Vpc", "net-vpc").outputs.isolatedSubnetIds,
      securityGroupIds: [single(run, "aws:ec2/securityGroup:SecurityGroup", "net-lambda-sg").id],
    });
  });

  test("logs to its own /aws/lambda/<name> group, CMK-encrypted, kept 30 days", () => {
    expect(single(run, "aws:cloudwatch/logGroup:LogGroup", "processor-logs").inputs).toEqual({
      name: "/aws/lambda/processor-dev",
      retentionInDays: 30,
      kmsKeyId: BASE.kmsKeyArn,
    });
  });

  test("failed async events go to a CMK-encrypted queue after at most 2 retries", () => {
    expect(single(run, "aws:sqs/queue:Queue", "processor-failures").inputs).toEqual({
      kmsMasterKeyId: BASE.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 1209600,
    });
    expect(single(run, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "processor-async").inputs).toEqual({
      functionName: "processor-dev",
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21600,
      destinationConfig: { onFailure: { destination: queueArn("processor") } },
    });
  });

  test("only S3 events from this bucket and account on uploads/ invoke it", () => {
    expect(single(run, "aws:lambda/permission:Permission", "processor-s3-invoke").inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: "processor-dev",
      principal: "s3.amazonaws.com",
      sourceArn: BASE.bucketArn,
      sourceAccount: ACCOUNT,
    });
    expect(single(run, "aws:s3/bucketNotification:BucketNotification", "processor-trigger").inputs).toEqual({
      bucket: BASE.bucketName,
      lambdaFunctions: [{ lambdaFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:processor-dev`, events: ["s3:ObjectCreated:*"], filterPrefix: "uploads/" }],
    });
  });

  test("alarms on Errors > 5 (High), Throttles > 0 (Low), failed uploads waiting (High), AsyncEventAge over half the maximum age (Medium) and AsyncEventsDropped > 0 (High), to the alarm topic", () => {
    const common = {
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [BASE.alarmTopicArn],
    };
    const lambda = { namespace: "AWS/Lambda", dimensions: { FunctionName: "processor-dev" }, statistic: "Sum" };
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "processor-errors").inputs).toEqual({
      ...common,
      ...lambda,
      metricName: "Errors",
      threshold: 5,
      alarmDescription: "High: More than 5 errors in 5 minutes (security policy 3.4)",
    });
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "processor-throttles").inputs).toEqual({
      ...common,
      ...lambda,
      metricName: "Throttles",
      threshold: 0,
      alarmDescription: "Low: Any throttle: uploads queued behind the reserved concurrency, or a flood of uploads (security policy 3.4)",
    });
    const queue = single(run, "aws:sqs/queue:Queue", "processor-failures");
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "processor-failed-uploads").inputs).toEqual({
      ...common,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.outputs.name },
      statistic: "Maximum",
      threshold: 0,
      alarmDescription: "High: Uploads failed after every retry and wait in the on-failure queue: read and replay them (scripts/replay-dlq.ts) within its 14-day retention",
    });
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "processor-event-age").inputs).toEqual({
      ...common,
      ...lambda,
      metricName: "AsyncEventAge",
      statistic: "Maximum",
      // 50% of the 6-hour maximum event age, in milliseconds (the metric's unit).
      threshold: 10_800_000,
      alarmDescription:
        "Medium: An upload waited over 10800 s in Lambda's async queue (50% of the 21600 s maximum event age): uploads will expire to the failure queue unless the backlog drains (runbook: npm run capacity -- --backlog)",
    });
    expect(single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "processor-dropped-events").inputs).toEqual({
      ...common,
      ...lambda,
      metricName: "AsyncEventsDropped",
      threshold: 0,
      alarmDescription: "High: Lambda dropped upload events (maximum event age reached or retries exhausted): each went to the failure queue; replay them after fixing the cause",
    });
  });
});

// A function-serialization error never rejects the CallbackFunction's outputs (it surfaces as an
// unhandled error and a hung run); serializeFunction rejects cleanly, so the factory is proven here.
test("the handler factory serializes to a module that loads the handler from the archive root", async () => {
  const serialized = await pulumi.runtime.serializeFunction(handlerFactory("./.build/handler/index.js"), { isFactoryFunction: true });
  expect(serialized.exportName).toBe("handler");
  expect(serialized.text).toContain('entryModule: "./.build/handler/index.js"');
  expect(serialized.text.length).toBeLessThan(1000);
  // Laid out as the archive is (outside the project, so nothing resolves from its node_modules).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sip-factory-"));
  try {
    fs.mkdirSync(path.join(root, ".build/handler"), { recursive: true });
    fs.writeFileSync(path.join(root, ".build/handler/index.js"), "exports.handler = async (event) => ({ echoed: event });\n");
    fs.writeFileSync(path.join(root, "__index.js"), serialized.text);
    const loaded = require(path.join(root, "__index.js")) as { handler: (event: unknown) => Promise<unknown> };
    await expect(loaded.handler({ Records: [] })).resolves.toEqual({ echoed: { Records: [] } });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

describe("the Lambda archive (the CallbackFunction's code)", () => {
  const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  let entries: Record<string, pulumi.asset.Asset | pulumi.asset.Archive>;
  beforeAll(async () => {
    const code = single(run, "aws:lambda/function:Function", "processor-function").rawInputs.code as pulumi.asset.AssetArchive;
    entries = (await code.assets) as Record<string, pulumi.asset.Asset | pulumi.asset.Archive>;
  });

  test("holds the one-line serialized entry, which requires the handler bundle shipped alongside", async () => {
    const text = await (entries["__index.js"] as unknown as { text: Promise<string> }).text;
    expect(text).toContain('entryModule: "./.build/handler/index.js"');
    expect(text).toContain("return () => require(entryModule).handler;");
    expect(text.length).toBeLessThan(1000);
    expect(await (entries[".build/handler"] as unknown as { path: Promise<string> }).path).toBe(".build/handler");
    expect(fs.readdirSync(path.join(__dirname, "../../.build/handler")).sort()).toEqual(["index.js", "index.js.map"]);
    const built = path.join(__dirname, "../../.build/handler/index.js");
    expect(fs.readFileSync(built, "utf8")).toMatch(/\n\/\/# sourceMappingURL=index\.js\.map\n$/);
  });

  test("carries no node_modules: every runtime dependency (but the deploy-time @pulumi packages) is inside the bundle", () => {
    const runtime = Object.keys(packageJson.dependencies).filter((p) => !p.startsWith("@pulumi/"));
    // The AWS clients and Powertools are the contract; the image libraries are the handler team's choice.
    expect(runtime).toEqual(
      expect.arrayContaining(["@aws-sdk/client-s3", "@aws-sdk/client-dynamodb", "@aws-sdk/client-sns", "@aws-lambda-powertools/logger", "@aws-lambda-powertools/metrics"]),
    );
    expect(Object.keys(entries).sort()).toEqual([".build/handler", "__index.js"]);
    const sources = (JSON.parse(fs.readFileSync(path.join(__dirname, "../../.build/handler/index.js.map"), "utf8")) as { sources: string[] }).sources;
    expect(runtime.filter((dependency) => !sources.some((s) => s.includes(`node_modules/${dependency}/`)))).toEqual([]);
  });

  test("the bundle requires nothing but Node's built-in modules (and the SDK's optional CRT signer)", () => {
    const text = fs.readFileSync(path.join(__dirname, "../../.build/handler/index.js"), "utf8");
    const required = new Set([...text.matchAll(/(?:require|import)\("([^"]+)"\)/g)].map(([, spec]) => spec));
    expect(required.size).toBeGreaterThan(3);
    // The SDK tries the CRT signer only for SigV4a (multi-region access points), which the handler never uses.
    expect([...required].filter((spec) => !spec.startsWith("node:") && !builtinModules.includes(spec))).toEqual(["@aws-sdk/signature-v4-crt"]);
  });

  test("carries no test, build or deploy tooling", () => {
    const tooling = [...Object.keys(packageJson.devDependencies), "@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx", "typescript", "ts-node", "google-protobuf", "@grpc/grpc-js"];
    const keys = Object.keys(entries);
    const leaked = tooling.filter((p) => keys.some((k) => k === `node_modules/${p}` || k.includes(`/node_modules/${p}/`) || k.endsWith(`/node_modules/${p}`)));
    expect(leaked).toEqual([]);
    expect(keys.filter((k) => !k.startsWith("node_modules/"))).toEqual([".build/handler", "__index.js"]);
  });

  test("overrides reach the packager: another handler source and build dir, a package excluded on request", async () => {
    const code = single(run, "aws:lambda/function:Function", "tuned-function").rawInputs.code as pulumi.asset.AssetArchive;
    const assets = (await code.assets) as Record<string, unknown>;
    const keys = Object.keys(assets);
    expect(keys).not.toContain("node_modules/@aws-sdk/client-sns");
    expect(keys).toContain("node_modules/@aws-sdk/client-s3");
    expect(keys.filter((k) => !k.startsWith("node_modules/"))).toEqual([".build/test-fixture-handler", "__index.js"]);
    expect(await (assets["__index.js"] as { text: Promise<string> }).text).toContain('entryModule: "./.build/test-fixture-handler/index.js"');
    const built = path.join(__dirname, "../../.build/test-fixture-handler/index.js");
    await expect(require(built).handler()).resolves.toBe("fixture");
  });
});

describe("arguments", () => {
  test("three instances in one stack get distinct physical names", () => {
    const names = (type: string) => ofType(run, type).map((r) => r.inputs.name);
    expect(names("aws:lambda/function:Function").sort()).toEqual(["by-ref-dev", "processor-dev", "tuned-images"]);
    expect(names("aws:iam/role:Role").sort()).toEqual(["by-ref-dev-role", "processor-dev-role", "tuned-images-role"]);
    expect(names("aws:cloudwatch/logGroup:LogGroup").sort()).toEqual(["/aws/lambda/by-ref-dev", "/aws/lambda/processor-dev", "/aws/lambda/tuned-images"]);
  });

  test("conflicting and out-of-range arguments are all reported in one error", () => {
    let message = "";
    try {
      new ImageProcessor("bad", {
        ...BASE,
        memoryMb: 64,
        maximumEventAgeInSeconds: 30,
        eventAgeAlarmPercent: 100,
        logRetentionDays: 31,
        uploadPrefix: "in/",
        processedPrefix: "in/out/",
        variants: "0x0",
        runtime: "nodejs18.x",
        sdk: "latest" as "bundled",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "ImageProcessor: invalid arguments:",
      "- memoryMb must be a whole number from 128 to 10240, got 64",
      "- maximumEventAgeInSeconds must be a whole number from 60 to 21600, got 30",
      "- eventAgeAlarmPercent must be a whole number from 1 to 99, got 100",
      expect.stringMatching(/^- logRetentionDays must be one of 1, 3, 5, 7, 14, 30, .*, got 31$/),
      '- sdk must be one of bundled, runtime, got "latest"',
      '- runtime must be nodejs20.x or newer, got "nodejs18.x"',
      '- uploadPrefix "in/" and processedPrefix "in/out/" must not overlap: outputs would trigger the function again',
      '- Invalid configuration: variants has an invalid size "0x0": use WIDTHxHEIGHT with 1 to 10000 pixels each',
    ]);
  });

  test("the bucket and table given by reference (a { name, arn } and an EncryptedTable) are wired as the name/ARN pairs are", () => {
    const table = single(run, "aws:dynamodb/table:Table", "ref-records-table").outputs;
    const statements = policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "by-ref-policy")).Statement;
    expect(statements.slice(0, 3)).toEqual([
      { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::ref-bucket-9a8b7c6/uploads/*" },
      { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::ref-bucket-9a8b7c6/processed/*" },
      { Sid: "PutRecords", Effect: "Allow", Action: "dynamodb:PutItem", Resource: table.arn },
    ]);
    expect(single(run, "aws:s3/bucketNotification:BucketNotification", "by-ref-trigger").inputs.bucket).toBe("ref-bucket-9a8b7c6");
    expect(single(run, "aws:lambda/permission:Permission", "by-ref-s3-invoke").inputs.sourceArn).toBe("arn:aws:s3:::ref-bucket-9a8b7c6");
    const variables = (single(run, "aws:lambda/function:Function", "by-ref-function").inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables[ENV.tableName]).toBe(table.name);
  });

  test("a resource given in both forms, in neither, or as half a pair is refused, all problems at once", () => {
    const { bucketName: _bn, bucketArn: _ba, tableName: _tn, tableArn: _ta, ...rest } = BASE;
    let message = "";
    try {
      new ImageProcessor("bad-refs", { ...rest, bucket: { name: "b", arn: "arn:aws:s3:::b" }, bucketName: "b", tableArn: BASE.tableArn });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "ImageProcessor: invalid arguments:",
      "- bucket and bucketName and bucketArn are two forms of one option: pass only one",
      "- tableName and tableArn go together: pass both",
    ]);
    expect(() => new ImageProcessor("no-refs", rest)).toThrow(
      "ImageProcessor: invalid arguments:\n- bucket is required: pass bucket ({ name, arn } or the resource) or bucketName and bucketArn\n- table is required: pass table ({ name, arn } or the resource) or tableName and tableArn",
    );
  });

  test("a function name AWS would reject fails before anything is registered", () => {
    expect(() => new ImageProcessor("bad2", { ...BASE, functionName: "x".repeat(65) })).toThrow(`functionName "${"x".repeat(65)}" must be 1-64 characters`);
    expect(run.resources.filter((r) => r.name.startsWith("bad"))).toEqual([]);
  });
});

describe("IsolatedNetwork (the optional VPC the tuned instance joins)", () => {
  test("isolated subnets only, no NAT, free gateway endpoints for S3 and DynamoDB, HTTPS-only egress", () => {
    const vpc = single(run, "awsx:ec2:Vpc", "net-vpc");
    expect(vpc.inputs).toEqual({
      cidrBlock: "10.20.0.0/16",
      numberOfAvailabilityZones: 2,
      natGateways: { strategy: "None" },
      subnetStrategy: "Auto",
      subnetSpecs: [{ type: "Isolated", name: "lambda" }],
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    const vpcId = vpc.outputs.vpcId;
    const gateways = ["s3", "dynamodb"].map((s) => single(run, "aws:ec2/vpcEndpoint:VpcEndpoint", `net-${s}-endpoint`));
    expect(gateways.map((g) => g.inputs)).toEqual(
      ["s3", "dynamodb"].map((s) => ({
        vpcId,
        serviceName: `com.amazonaws.us-east-1.${s}`,
        vpcEndpointType: "Gateway",
        routeTableIds: [expect.stringMatching(/^rtb-/), expect.stringMatching(/^rtb-/)],
      })),
    );
    expect(single(run, "aws:ec2/securityGroup:SecurityGroup", "net-lambda-sg").inputs).toEqual({
      vpcId,
      description: "Image processor: HTTPS out to VPC endpoints only",
      egress: [
        { description: "HTTPS to S3 and DynamoDB gateway endpoints", protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: gateways.map((g) => g.outputs.prefixListId) },
        { description: "HTTPS to interface endpoints in the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"] },
      ],
    });
    expect(single(run, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-sns-endpoint").inputs).toEqual({
      vpcId,
      serviceName: "com.amazonaws.us-east-1.sns",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: vpc.outputs.isolatedSubnetIds,
      securityGroupIds: [single(run, "aws:ec2/securityGroup:SecurityGroup", "net-endpoint-sg").id],
    });
    expect(ofType(run, "aws:ec2/natGateway:NatGateway")).toEqual([]);
  });

  test("a bad CIDR and AZ count are reported together", () => {
    expect(() => new IsolatedNetwork("bad", { cidrBlock: "10.0.0.0/8", availabilityZones: 4 })).toThrow(
      'IsolatedNetwork: invalid arguments:\n- cidrBlock must be an IPv4 CIDR from /16 to /24, got "10.0.0.0/8"\n- availabilityZones must be a whole number from 1 to 3, got 4',
    );
  });
});
