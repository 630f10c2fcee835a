/**
 * The component library as another Pulumi project gets it: `npm pack` (which builds dist/lib
 * through `prepack` and the handler bundles through `prepare`), a consumer project under the OS
 * temp dir with the package extracted from the tarball into its node_modules, its program
 * type-checked by tsc against the shipped .d.ts and run under Pulumi mocks with the consumer's
 * directory as the working directory, as `pulumi up` would. The consumer has neither TypeScript
 * nor esbuild in its node_modules: the Lambda archive is built from the prebuilt bundle alone.
 *
 * Limits: to stay offline and fast, the consumer's third-party packages are symlinks to this
 * repository's node_modules (only secure-image-pipeline itself comes from the tarball); its own
 * index.ts runs through this repository's ts-node, which finds this repository's TypeScript, and
 * a mock run proves what the consumer's program asks AWS for, not that AWS accepts it.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { policyOf, single } from "../../offline/records";
import type { ProgramRun, ResourceRecord } from "../../offline/run-program";
import { dataBucketPolicy } from "../support/expected-statements";

const ROOT = path.resolve(__dirname, "../..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const TSC = path.join(NODE_MODULES, "typescript", "bin", "tsc");
const TS_NODE = path.join(NODE_MODULES, "ts-node", "dist", "bin.js");
const PACKAGE = "secure-image-pipeline";
/** Build tools a consumer must not need at deploy time: left out of its node_modules. */
const BUILD_TOOLS = ["typescript", "esbuild", "@esbuild", "ts-node"];
const ACCOUNT = "123456789012";

interface PackResult {
  filename: string;
  files: { path: string }[];
}
interface ConsumerRun {
  resources: ResourceRecord[];
  outputs: Record<string, unknown>;
  library: string[];
  repoSources: string[];
  buildTools: string[];
  handlerExport: string;
}

/** Child processes see no Pulumi or AWS settings of whoever runs the tests. */
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PULUMI_|AWS_)/.test(k)));

let work: string;
let app: string;
let packed: PackResult;
let installed: string;
let consumer: ConsumerRun;
let run: ProgramRun;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sip-consumer-"));
  // `npm pack` runs `prepack` (npm run build:lib): the tarball holds a fresh build, whatever dist/ held.
  const stdout = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  packed = (JSON.parse(stdout) as PackResult[])[0];

  app = path.join(work, "reports");
  installed = path.join(app, "node_modules", PACKAGE);
  fs.mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(work, packed.filename), "-C", installed, "--strip-components=1"]);
  for (const entry of fs.readdirSync(NODE_MODULES)) {
    if (entry.startsWith(".") || entry === PACKAGE || BUILD_TOOLS.includes(entry)) continue;
    fs.symlinkSync(path.join(NODE_MODULES, entry), path.join(app, "node_modules", entry));
  }
  const project = path.join(__dirname, "project");
  for (const file of ["tsconfig.json", "Pulumi.yaml", "Pulumi.dev.yaml"]) fs.copyFileSync(path.join(project, file), path.join(app, file));
  fs.copyFileSync(path.join(project, "index.ts.fixture"), path.join(app, "index.ts"));
  // What `npm install ../secure-image-pipeline-0.1.0.tgz` writes; Pulumi packages the Lambda from these dependencies.
  const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  fs.writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({
      name: "reports",
      private: true,
      main: "index.ts",
      dependencies: {
        "@pulumi/aws": rootPackage.dependencies["@pulumi/aws"],
        "@pulumi/pulumi": rootPackage.dependencies["@pulumi/pulumi"],
        [PACKAGE]: `file:../${packed.filename}`,
      },
    }),
  );
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  test("ships compiled CommonJS and declarations only: no TypeScript sources, tests or tools", () => {
    const files = packed.files.map((f) => f.path).sort();
    const shipped =
      /^(package\.json|README\.md|dist\/lib\/(client|components|handlers)\/[\w/.-]+\.(js|d\.ts)|dist\/handler\/(bundled|runtime)\/(index\.js|index\.js\.map|bundle\.json))$/;
    expect(files.filter((f) => !shipped.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|__tests__|fixtures/.test(f))).toEqual([]);
    const bundles = ["bundled", "runtime"].flatMap((sdk) => ["bundle.json", "index.js", "index.js.map"].map((f) => `dist/handler/${sdk}/${f}`));
    expect(files).toEqual(
      expect.arrayContaining(["dist/lib/components/index.js", "dist/lib/components/index.d.ts", "dist/lib/client/upload-form.js", "dist/lib/client/upload-form.d.ts", ...bundles]),
    );
  });

  test("its entry points resolve, by name and by ./components, to the installed compiled files", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      main: string;
      types: string;
      exports: Record<string, { types: string; default: string }>;
    };
    for (const file of [manifest.main, manifest.types, ...Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [e] : [e.types, e.default]))]) {
      expect(fs.existsSync(path.join(installed, file))).toBe(true);
    }
    const requireFromApp = (specifier: string) => require.resolve(specifier, { paths: [app] });
    expect(requireFromApp(PACKAGE)).toBe(path.join(installed, "dist/lib/components/index.js"));
    expect(requireFromApp(`${PACKAGE}/components`)).toBe(path.join(installed, "dist/lib/components/index.js"));
  });

  test("the declarations keep the TSDoc of the options (defaults and why, in the consumer's editor)", () => {
    const declarations = fs.readFileSync(path.join(installed, "dist/lib/components/secure-bucket.d.ts"), "utf8");
    expect(declarations).toMatch(/\/\*\*[^]*?\*\/\s*readonly expirationDays\?: number;/);
    expect(declarations).toMatch(/\/\*\*[^]*?\*\/\s*readonly mode\?: "data" \| "log";/);
  });
});

describe("the consumer's program", () => {
  const tsc = (...args: string[]) => spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", ...args], { cwd: app, encoding: "utf8" });

  test("type-checks against the shipped .d.ts (moduleResolution node, full lib check), and its wrong options are errors", () => {
    // index.ts holds `@ts-expect-error` lines for wrong options: if the types were `any`, tsc would fail on them.
    const result = tsc("--listFiles");
    expect(result.stdout.split("\n").filter((line) => /error TS\d+/.test(line))).toEqual([]);
    expect(result.status).toBe(0);
    const listed = result.stdout.split("\n");
    expect(listed).toContain(path.join(installed, "dist/lib/components/secure-bucket.d.ts").split(path.sep).join("/"));
    expect(listed.filter((f) => f.startsWith(`${ROOT}/components/`) || f.startsWith(`${ROOT}/handlers/`))).toEqual([]);
  }, 60_000);

  test("type-checks with moduleResolution node16 too, where only package.json `exports` can resolve the imports", () => {
    const result = tsc("--module", "node16", "--moduleResolution", "node16", "--skipLibCheck");
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);
});

describe("the consumer's program under Pulumi mocks, run from its own directory", () => {
  beforeAll(() => {
    const result = spawnSync(process.execPath, [TS_NODE, "--transpile-only", path.join(__dirname, "run-consumer.ts")], {
      cwd: app,
      env: cleanEnv(),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`The consumer run failed (${result.status}): ${result.stderr}`);
    consumer = JSON.parse(result.stdout) as ConsumerRun;
    run = { project: "reports", stack: "dev", config: {}, resources: consumer.resources, outputs: consumer.outputs };
  }, 60_000);

  test("loads the library from the installed package, never from this repository's sources", () => {
    expect(consumer.library.length).toBeGreaterThan(10);
    expect(consumer.library.every((f) => f.startsWith(path.join(installed, "dist") + path.sep) && f.endsWith(".js"))).toBe(true);
    expect(consumer.repoSources).toEqual([]);
  });

  test("needs no TypeScript or esbuild to build the Lambda archive: neither resolves from the package, neither was loaded", () => {
    for (const tool of ["typescript", "esbuild"]) expect(() => require.resolve(tool, { paths: [installed] })).toThrow(/Cannot (find|resolve) module/);
    expect(consumer.buildTools).toEqual([]);
  });

  test("SecureBucket: all four public-access blocks on, and a policy that denies non-TLS requests and foreign encryption", () => {
    const bucket = single(run, "aws:s3/bucket:Bucket", "reports-bucket");
    const arn = bucket.outputs.arn as string;
    const keyArn = single(run, "aws:kms/key:Key", "reports-key").outputs.arn as string;
    const publicAccess = single(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "reports-public-access");
    expect(publicAccess.parent).toBe(single(run, "secure-image-pipeline:storage:SecureBucket", "reports").urn);
    expect(publicAccess.inputs).toEqual({
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(policyOf(single(run, "aws:s3/bucketPolicy:BucketPolicy", "reports-policy"))).toEqual(dataBucketPolicy(arn, keyArn));
    // The consumer's override (2 x the 30-day default) reached the lifecycle; the log bucket kept its own default.
    const lifecycle = (name: string) => single(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).inputs.rules as { expiration?: { days: number } }[];
    expect(lifecycle("reports-lifecycle")[0].expiration).toEqual({ days: 60 });
    expect(lifecycle("reports-logs-lifecycle")[0].expiration).toEqual({ days: 365 });
  });

  test("ImageProcessor: the role's inline policy grants exactly the handler's actions on the consumer's resources", () => {
    const out = (type: string, name: string) => single(run, type, name).outputs.arn as string;
    const bucketArn = out("aws:s3/bucket:Bucket", "reports-bucket");
    const logGroupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/thumbnails-dev`;
    expect(single(run, "aws:iam/role:Role", "thumbnails-role").inputs.name).toBe("thumbnails-dev-role");
    expect(policyOf(single(run, "aws:iam/rolePolicy:RolePolicy", "thumbnails-policy"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadUploads", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/uploads/*` },
        { Sid: "WriteProcessed", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucketArn}/processed/*` },
        { Sid: "PutRecords", Effect: "Allow", Action: "dynamodb:PutItem", Resource: out("aws:dynamodb/table:Table", "reports-records-table") },
        { Sid: "PublishNotifications", Effect: "Allow", Action: "sns:Publish", Resource: out("aws:sns/topic:Topic", "reports-notifications-topic") },
        { Sid: "UseDataKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: out("aws:kms/key:Key", "reports-key") },
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
        { Sid: "SendFailedEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: out("aws:sqs/queue:Queue", "thumbnails-failures") },
      ],
    });
  });

  test("ImageProcessor: the prebuilt bundle is copied under the consumer's directory, byte for byte, and loads from there", () => {
    const buildDir = path.join(app, ".build", "handler");
    expect(fs.readdirSync(buildDir).sort()).toEqual(["index.js", "index.js.map"]);
    for (const file of ["index.js", "index.js.map"]) {
      expect(fs.readFileSync(path.join(buildDir, file)).equals(fs.readFileSync(path.join(installed, "dist/handler/bundled", file)))).toBe(true);
    }
    expect(consumer.handlerExport).toBe("function");
  });

  test("ImageProcessor: the Lambda archive is __index.js and the bundle: no node_modules (the library and its packages are in the bundle), no tooling", () => {
    const fn = single(run, "aws:lambda/function:Function", "thumbnails-function");
    const archive = (fn.inputs.code as { archive: Record<string, unknown> }).archive;
    expect(archive[".build/handler"]).toEqual({ fileArchive: ".build/handler" });
    expect(Object.keys(archive).sort()).toEqual([".build/handler", "__index.js"]);
  });
});

test("the example in docs/components.md is the program this test compiles and runs", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs/components.md"), "utf8");
  const examples = [...doc.matchAll(/```typescript\n([^]*?)```/g)].map((m) => m[1]);
  const example = examples.find((code) => code.includes('from "secure-image-pipeline"')) ?? "";
  const program = new Set(
    fs
      .readFileSync(path.join(__dirname, "project", "index.ts.fixture"), "utf8")
      .split("\n")
      .map((l) => l.trim()),
  );
  const lines = example
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  expect(lines.length).toBeGreaterThan(20);
  expect(lines.filter((l) => !program.has(l))).toEqual([]);
});
