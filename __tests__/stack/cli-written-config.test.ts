/**
 * Stack files as the Pulumi CLI writes them plan exactly like the typed originals: every scalar
 * quoted (`pulumi config set`), lists item by item (`--path`), and a secret named in a clear error
 * unless a placeholder is given. The CLI itself is modelled (support/cli-config.ts): no Pulumi CLI
 * runs here.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT_DIR, runProgram, type ProgramRun } from "../../offline/run-program";
import { loadStackConfig, readProjectFile } from "../../offline/stack-config";
import { cliWrittenStackFile, type CliConfig } from "./support/cli-config";
import { loadDevStack } from "./support/dev-stack";

const PROJECT = readProjectFile(PROJECT_DIR);
const prodConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8")) as { config: CliConfig }).config;

/** A project directory with the real Pulumi.yaml and one stack file; the program stays the repository's index.ts. */
function projectWith(stack: string, stackFile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-config-"));
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackFile);
  return dir;
}

const plan = (projectDir: string, stack: string): Promise<ProgramRun> => runProgram({ projectDir, stack, program: path.join(PROJECT_DIR, "index.ts") });
const inputsByUrn = (run: ProgramRun) => Object.fromEntries(run.resources.map((r) => [r.urn, r.inputs]));

describe("the prod stack file as the CLI writes it", () => {
  const written = cliWrittenStackFile(prodConfig);

  test("quotes every scalar and writes lists item by item", () => {
    expect(written).toContain('  secure-image-pipeline:lambdaMemoryMb: "512"\n');
    expect(written).toContain('  secure-image-pipeline:enableGuardDuty: "true"\n');
    expect(written).toContain("  secure-image-pipeline:securityAlertEmails:\n    - security@company.com\n");
    expect((yaml.load(written) as { config: CliConfig }).config["secure-image-pipeline:tableDeletionProtection"]).toBe("true");
  });

  test("loads to the same values the program reads", () => {
    const original = loadStackConfig(projectWith("prod", fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8")), "prod").values;
    expect(loadStackConfig(projectWith("prod", written), "prod").values).toEqual(original);
  });
});

describe("the dev stack file as the CLI writes it", () => {
  // One run of index.ts per test file (the program module is evaluated once): compared with the dev stack the global setup planned.
  test("plans exactly like the original", async () => {
    const devConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8")) as { config: CliConfig }).config;
    const written = cliWrittenStackFile(devConfig);
    expect(written).toContain('  secure-image-pipeline:lambdaReservedConcurrency: "1"\n');
    const cli = await plan(projectWith("dev", written), "dev");
    const original = await loadDevStack();
    expect(inputsByUrn(cli)).toEqual(inputsByUrn(original));
    expect(cli.outputs).toEqual(original.outputs);
  }, 120_000);
});

describe("every declared key, set to its default the way the CLI writes it", () => {
  const defaults: CliConfig = Object.fromEntries(
    Object.entries(PROJECT.config)
      .filter(([, declared]) => declared.default !== undefined)
      .map(([key, declared]) => [`${PROJECT.name}:${key}`, declared.default]),
  );

  test("covers each kind of key: string, integer, boolean and list", () => {
    expect(new Set(Object.values(PROJECT.config).map((d) => d.type))).toEqual(new Set(["string", "integer", "boolean", "array"]));
  });

  test("loads to the values of the bare project defaults", () => {
    const bare = loadStackConfig(projectWith("bare", "config: {}\n"), "bare").values;
    expect(loadStackConfig(projectWith("cli", cliWrittenStackFile(defaults)), "cli").values).toEqual(bare);
  });
});

describe("what the CLI refuses, the loader refuses with the command to use", () => {
  test("a list stored as a string names --path and --json", () => {
    const dir = projectWith("str", cliWrittenStackFile({ "secure-image-pipeline:alertEmails": '["a@b.c"]' }));
    expect(() => loadStackConfig(dir, "str")).toThrow(
      `Config secure-image-pipeline:alertEmails must be a list (Pulumi.yaml), got the string "[\\"a@b.c\\"]": set each item with pulumi config set --path 'alertEmails[0]' <value>, or the whole list with pulumi config set --json alertEmails '["a","b"]'`,
    );
  });

  test("a quoted value that is not a number or a boolean is still a type error", () => {
    expect(() => loadStackConfig(projectWith("n", cliWrittenStackFile({ "secure-image-pipeline:lambdaMemoryMb": "512MB" })), "n")).toThrow(
      'Config secure-image-pipeline:lambdaMemoryMb must be of type integer (Pulumi.yaml), got "512MB"',
    );
    expect(() => loadStackConfig(projectWith("b", cliWrittenStackFile({ "secure-image-pipeline:enableGuardDuty": "yes" })), "b")).toThrow(
      'Config secure-image-pipeline:enableGuardDuty must be of type boolean (Pulumi.yaml), got "yes"',
    );
  });

  test("a secret names its key, and plans with a placeholder when asked", () => {
    const dir = projectWith("s", cliWrittenStackFile({ "secure-image-pipeline:logLevel": { secure: "v1:AAAAbWFkZSB1cA==" } }));
    expect(() => loadStackConfig(dir, "s")).toThrow(/^Config secure-image-pipeline:logLevel is a secret \(secure:\): it cannot be decrypted offline/);
    expect(loadStackConfig(dir, "s", {}, { secretPlaceholder: "INFO" }).values["secure-image-pipeline:logLevel"]).toBe("INFO");
  });
});
