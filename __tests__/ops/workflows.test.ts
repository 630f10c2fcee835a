/**
 * The GitHub Actions workflows cannot run here (no GitHub, no AWS, no Pulumi CLI). These tests
 * prove their structure against the repository they live in: every command they run exists in
 * package.json, every stack they preview or deploy has a Pulumi.<stack>.yaml (same region), the
 * policy pack is built and passed to the official Pulumi action, credentials come from OIDC and
 * the named secrets only, and token permissions stay minimal. They do not prove that GitHub,
 * AWS or Pulumi Cloud accept the run: that needs a real repository with the settings named in
 * docs/operations.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github/workflows");

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: { stack: string; region: string }[] }; "max-parallel"?: number; "fail-fast"?: boolean };
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  return load(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")) as Workflow;
}

const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** Stacks are the Pulumi.<stack>.yaml files next to Pulumi.yaml, each with its aws:region. */
/** Stack files that are examples to copy, planned by the tests but never previewed or deployed: Pulumi.minimal.yaml, the cheapest configuration. */
const EXAMPLE_STACKS = ["minimal"];

function stacksInRepo(): { stack: string; region: string }[] {
  return fs
    .readdirSync(ROOT)
    .map((f) => /^Pulumi\.([\w-]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && !EXAMPLE_STACKS.includes(s))
    .map((stack) => {
      const config = (load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> }).config ?? {};
      return { stack, region: String(config["aws:region"]) };
    })
    .sort((a, b) => a.stack.localeCompare(b.stack));
}

/** `npm run X`, `npm run -s X`, `npm test` and `npm ci` in a run script, as script names. */
function npmScriptsUsed(run: string): string[] {
  const names: string[] = [];
  for (const m of run.matchAll(/\bnpm (?:run(?: -s)? ([\w:-]+)|(test)\b)/g)) names.push(m[1] ?? m[2] ?? "");
  return names;
}

function secretsUsed(doc: Workflow): string[] {
  const text = JSON.stringify(doc);
  return [...new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]))].sort();
}

function stepUsing(job: Job, action: string): Step {
  const steps = job.steps.filter((s) => s.uses?.split("@")[0] === action);
  expect(steps).toHaveLength(1);
  return steps[0];
}

function indexOfStep(job: Job, predicate: (s: Step) => boolean): number {
  const i = job.steps.findIndex(predicate);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

const FILES = ["pull-request.yml", "deploy.yml"];

describe.each(FILES)("%s: shared rules", (file) => {
  const doc = workflow(file);

  it("gives the GITHUB_TOKEN read-only contents by default and widens it per job only for OIDC and PR comments", () => {
    expect(doc.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(doc.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(`${scope}: ${level}`).toMatch(/^(contents: read|id-token: write|pull-requests: write)$/);
      }
    }
  });

  it("pins every action to a major version or a commit, from GitHub, AWS or Pulumi only", () => {
    const uses = Object.values(doc.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      expect(u).toMatch(/^(actions|aws-actions|pulumi)\/[\w-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });

  it("runs only npm scripts that package.json defines", () => {
    const runs = Object.values(doc.jobs).flatMap((j) => j.steps.map((s) => s.run).filter((r): r is string => !!r));
    const used = runs.flatMap(npmScriptsUsed);
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(Object.keys(packageJson.scripts)).toContain(script);
  });

  it("tests with Node 22 (what @pulumi/pulumi declares, and the Lambda runtime) and Python 3.11 (moto) and runs the security scan before anything touches AWS", () => {
    const testJobs = Object.values(doc.jobs).filter((j) => j.steps.some((s) => s.run === "npm test"));
    expect(testJobs).toHaveLength(1);
    const [job] = testJobs;
    expect(stepUsing(job, "actions/setup-node").with).toEqual({ "node-version": 22, cache: "npm" });
    expect(stepUsing(job, "actions/setup-python").with?.["python-version"]).toBe("3.11");
    const order = ["npm ci --no-audit --no-fund", "npm test", "npm run scan"].map((cmd) => indexOfStep(job, (s) => s.run === cmd));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("builds the policy pack and runs the official Pulumi action with it, per stack in the repository, in the stack's region", () => {
    const pulumiJobs = Object.values(doc.jobs).filter((j) => j.steps.some((s) => s.uses?.startsWith("pulumi/actions@")));
    expect(pulumiJobs.length).toBeGreaterThanOrEqual(1);
    const entries = pulumiJobs.flatMap((j) => j.strategy?.matrix.include ?? []);
    expect(entries.map((e) => ({ stack: e.stack, region: e.region })).sort((a, b) => a.stack.localeCompare(b.stack))).toEqual(stacksInRepo());
    for (const job of pulumiJobs) checkPulumiJob(job);
  });

  function checkPulumiJob(job: Job): void {
    const build = indexOfStep(job, (s) => s.run === "npm run build:policy");
    const packInstall = indexOfStep(job, (s) => s.run === "npm ci --no-audit --no-fund --prefix policy-pack");
    const credentials = indexOfStep(job, (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") === true);
    const pulumi = indexOfStep(job, (s) => s.uses?.startsWith("pulumi/actions@") === true);
    expect(packInstall).toBeLessThan(build);
    expect(build).toBeLessThan(pulumi);
    expect(credentials).toBeLessThan(pulumi);
    const step = job.steps[pulumi];
    expect(step.with?.["stack-name"]).toBe("${{ vars.PULUMI_ORG }}/secure-image-pipeline/${{ matrix.stack }}");
    expect(step.with?.policyPacks).toBe("policy-pack");
    expect(step.env).toEqual({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
    expect(fs.existsSync(path.join(ROOT, "policy-pack/package.json"))).toBe(true);
    expect(packageJson.scripts["build:policy"]).toContain("policy-pack");
  }

  it("gets AWS credentials only through OIDC role assumption, never long-lived keys", () => {
    const jobs = Object.values(doc.jobs).filter((j) => j.steps.some((s) => s.uses?.startsWith("aws-actions/")));
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    for (const job of jobs) {
      expect(job.permissions?.["id-token"]).toBe("write");
      const step = stepUsing(job, "aws-actions/configure-aws-credentials");
      expect(Object.keys(step.with ?? {}).sort()).toEqual(["aws-region", "role-session-name", "role-to-assume"]);
      expect(step.with?.["aws-region"]).toBe("${{ matrix.region }}");
    }
  });

  it("keeps the scan results and the SBOM as an artifact, even when a step failed", () => {
    const job = Object.values(doc.jobs).find((j) => j.steps.some((s) => s.run === "npm test")) as Job;
    const scan = job.steps[indexOfStep(job, (s) => s.run === "npm run scan")];
    expect(scan.env).toEqual({ SCAN_REPORT_DIR: "reports" });
    const sbom = indexOfStep(job, (s) => s.run === "npm run sbom -- --out reports/sbom.cdx.json");
    const upload = indexOfStep(job, (s) => s.uses?.startsWith("actions/upload-artifact@") === true);
    expect(sbom).toBeLessThan(upload);
    expect([job.steps[sbom].if, job.steps[upload].if]).toEqual(["always()", "always()"]);
    expect(job.steps[upload].with?.path).toBe("reports/");
  });
});

describe("pull-request.yml", () => {
  const doc = workflow("pull-request.yml");

  it("runs on pull requests to main and cancels superseded runs of the same PR", () => {
    expect(doc.on).toEqual({ pull_request: { branches: ["main"] } });
    expect(doc.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("previews (never updates) after the tests pass, skips forks that get no secrets, and comments on the PR", () => {
    const job = doc.jobs.preview;
    expect(job.needs).toBe("test");
    expect(job.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const pulumi = stepUsing(job, "pulumi/actions");
    expect(pulumi.with?.command).toBe("preview");
    expect(pulumi.with?.["comment-on-pr"]).toBe(true);
    expect(stepUsing(job, "aws-actions/configure-aws-credentials").with?.["role-to-assume"]).toBe("${{ secrets.AWS_PREVIEW_ROLE_ARN }}");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
  });

  it("runs the offline plan of every stack in the repository, gating on its verdicts, and as a first preview", () => {
    const job = doc.jobs["offline-plan"];
    const stacks = (job.strategy?.matrix as unknown as { stack: string[] }).stack;
    expect([...stacks].sort()).toEqual(stacksInRepo().map((s) => s.stack));
    const runs = job.steps.filter((s) => s.run?.startsWith("npm run -s plan"));
    expect(runs.map((s) => [s.run, s["continue-on-error"] ?? false])).toEqual([
      ["npm run -s plan -- --stack ${{ matrix.stack }} --policy-pack-config policy-pack/config/${{ matrix.stack }}.json", false],
      ["npm run -s plan -- --stack ${{ matrix.stack }} --policy-pack-config policy-pack/config/${{ matrix.stack }}.json --preview", true],
    ]);
    expect(job.permissions).toBeUndefined();
  });

  it("uses exactly the secrets the operations guide tells you to create", () => {
    expect(secretsUsed(doc)).toEqual(["AWS_PREVIEW_ROLE_ARN", "PULUMI_ACCESS_TOKEN"]);
  });
});

describe("deploy.yml", () => {
  const doc = workflow("deploy.yml");

  it("runs on pushes to main, and by hand with a choice to include prod", () => {
    expect(doc.on).toEqual({
      push: { branches: ["main"] },
      workflow_dispatch: { inputs: { prod: { description: expect.stringContaining("required reviewers"), type: "boolean", default: false } } },
    });
  });

  it.each(["up", "up-prod"])("%s deploys with `pulumi up` per GitHub environment, one at a time, queued rather than cancelled", (name) => {
    const job = doc.jobs[name];
    expect(job.environment).toBe("${{ matrix.stack }}");
    expect(job.concurrency).toEqual({ group: "deploy-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(job.strategy?.["max-parallel"]).toBe(1);
    expect(job.strategy?.["fail-fast"]).toBe(true);
    expect(stepUsing(job, "pulumi/actions").with?.command).toBe("up");
    expect(stepUsing(job, "aws-actions/configure-aws-credentials").with?.["role-to-assume"]).toBe("${{ secrets.AWS_DEPLOY_ROLE_ARN }}");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("deploys prod never on a push: only by hand, after dev, through the prod environment, and not to the placeholder team", () => {
    const stacksOf = (job: Job) => (job.strategy?.matrix.include ?? []).map((e) => e.stack);
    expect(stacksOf(doc.jobs.up)).not.toContain("prod");
    expect(doc.jobs.up.needs).toBe("verify");
    const prod = doc.jobs["up-prod"];
    // The scale example deploys the same way: reviewed, by hand, and refused with its placeholders.
    expect(stacksOf(prod)).toEqual(["prod", "scale"]);
    expect(prod.needs).toBe("up");
    expect(prod.if).toBe("github.event_name == 'workflow_dispatch' && inputs.prod");
    const guard = indexOfStep(prod, (s) => s.name === "Refuse the example's placeholder addresses");
    expect(guard).toBeLessThan(indexOfStep(prod, (s) => s.uses?.startsWith("pulumi/actions@") === true));
    // The guard's pattern matches the example file as committed: the example cannot deploy as is.
    const pattern = /grep -nE '([^']+)'/.exec(prod.steps[guard].run ?? "")?.[1] ?? "";
    expect(new RegExp(pattern).test(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"))).toBe(true);
    expect(new RegExp(pattern).test(fs.readFileSync(path.join(ROOT, "Pulumi.scale.yaml"), "utf8"))).toBe(true);
    expect(new RegExp(pattern).test("securityAlertEmails:\n    - security@acme.io\n")).toBe(false);
  });

  it("uses exactly the secrets the operations guide tells you to create", () => {
    expect(secretsUsed(doc)).toEqual(["AWS_DEPLOY_ROLE_ARN", "PULUMI_ACCESS_TOKEN"]);
  });
});

describe("docs/operations.md", () => {
  it("names every secret and variable the workflows read", () => {
    const guide = fs.readFileSync(path.join(ROOT, "docs/operations.md"), "utf8");
    const names = new Set<string>();
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
      for (const m of text.matchAll(/\$\{\{ (?:secrets|vars)\.([A-Z_]+) \}\}/g)) names.add(m[1]);
    }
    expect([...names].sort()).toEqual(["AWS_DEPLOY_ROLE_ARN", "AWS_PREVIEW_ROLE_ARN", "PULUMI_ACCESS_TOKEN", "PULUMI_ORG"]);
    for (const name of names) expect(guide).toContain(name);
  });
});
