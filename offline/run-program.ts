import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { BUILT_APP_DIR, packageRoot, RUNNING_BUILT } from "../components/package-root";
import { createMocks, MOCK_ACCOUNT_ID, UnansweredInvokeError } from "./mocks";
import { createPreviewMocks, UNKNOWN_WIRE_VALUE } from "./preview-mocks";
import { loadStackConfig } from "./stack-config";
import { interceptRegistrations } from "./pulumi-internals";

/**
 * Runs a Pulumi program under the mock runtime and records what it asks AWS to create.
 *
 * Pulumi's mock runtime is process-wide: programs run one at a time (each run installs fresh mocks
 * and config); a jest file may plan many programs in sequence.
 */
export interface ResourceRecord {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent resource (as the program passed it in `parent`), or null for the stack. */
  readonly parent: string | null;
  readonly custom: boolean;
  readonly id: string | null;
  /** Resolved inputs, JSON-safe (assets and archives are summarised, see `describeAsset`). */
  readonly inputs: Record<string, unknown>;
  /** Resolved inputs as the runtime produced them: assets and archives stay Pulumi objects (e.g. the Lambda's `code`). */
  readonly rawInputs: Record<string, unknown>;
  /** Outputs: the mock's minted state for custom resources, `registerOutputs` for components. */
  readonly outputs: Record<string, unknown>;
  /** URNs this resource waits for, as the SDK sends them to the engine (`dependsOn` and every input's resources). */
  readonly dependencies: readonly string[];
  /** Input property -> URNs of the resources whose outputs flowed into it. */
  readonly propertyDependencies: Record<string, readonly string[]>;
}

export interface ProgramRun {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly resources: ResourceRecord[];
  /** The program's exports, resolved. */
  readonly outputs: Record<string, unknown>;
  /** True when run as a first preview (unknowns recorded as the engine's sentinel). */
  readonly preview?: boolean;
}

export interface RunOptions {
  /** Stack name; its `Pulumi.<stack>.yaml` is merged over the Pulumi.yaml defaults. Default `dev`. */
  readonly stack?: string;
  /** Program file (default `index.ts` in the project) or a function that builds resources and returns exports. */
  readonly program?: string | (() => unknown);
  /** Directory with Pulumi.yaml. Default: the repository root. */
  readonly projectDir?: string;
  /** Config values set on top of the stack file, e.g. `{ vpcIsolation: true }`. */
  readonly config?: Record<string, unknown>;
  /** Give up waiting for registrations after this long. Default 120 s. */
  readonly timeoutMs?: number;
  /**
   * Run as a first `pulumi preview` of a new stack sees the program: resources report their
   * inputs only (ids, ARNs and generated attributes stay unknown) and unknown values are recorded
   * as the engine's unknown sentinel (offline/preview-mocks.ts). Default false: every output minted.
   */
  readonly preview?: boolean;
  /** Plan `secure:` config values with this placeholder instead of refusing them (offline/stack-config.ts). */
  readonly secretPlaceholder?: string;
  /** The account the mocks deploy into (ARNs, caller identity). Default MOCK_ACCOUNT_ID. */
  readonly accountId?: string;
}

export const PROJECT_DIR = packageRoot(__dirname);

/**
 * The module to require for a program file. From the prebuilt tools, a project .ts file runs as
 * its compiled twin in dist/app (no transpiling at run time); a .ts file outside that tree (a test
 * variant, your own program) is compiled on the fly by ts-node.
 */
function programModule(file: string): string {
  if (!RUNNING_BUILT || !file.endsWith(".ts")) return file;
  const twin = path.join(PROJECT_DIR, BUILT_APP_DIR, path.relative(PROJECT_DIR, file)).replace(/\.ts$/, ".js");
  if (!path.relative(PROJECT_DIR, file).startsWith("..") && fs.existsSync(twin)) return twin;
  require("ts-node").register({ transpileOnly: true });
  return file;
}

type SerializedStruct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];
type Callback = (err: Error | null, resp?: unknown) => void;
interface RegisterRequest {
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): SerializedStruct;
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): SerializedStruct;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): SerializedStruct;
}
interface MockMonitorLike {
  registerResource(req: RegisterRequest, cb: Callback): Promise<void>;
  registerResourceOutputs(req: OutputsRequest, cb: Callback): void;
}

/** Summarises assets and archives (their contents are promises) so inputs can be printed as JSON. */
export async function describeAsset(value: unknown): Promise<unknown> {
  const v = value as { assets?: Promise<Record<string, unknown>>; path?: Promise<string>; text?: Promise<string>; uri?: Promise<string> };
  // isInstance is shared by all archive kinds: tell them apart by their fields.
  if (pulumi.asset.Archive.isInstance(value) && "assets" in v) {
    const assets = await v.assets!;
    const entries = await Promise.all(Object.entries(assets).map(async ([k, a]) => [k, await describeAsset(a)] as const));
    return { archive: Object.fromEntries(entries) };
  }
  if (pulumi.asset.Archive.isInstance(value) && "path" in v) return { fileArchive: await v.path };
  if (pulumi.asset.Asset.isInstance(value) && "text" in v) return { stringAsset: { bytes: Buffer.byteLength(await v.text!) } };
  if (pulumi.asset.Asset.isInstance(value) && "path" in v) return { fileAsset: await v.path };
  if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return { remote: await v.uri };
  return undefined;
}

async function jsonSafe(value: unknown): Promise<unknown> {
  // Only present in preview runs: the engine sends an unknown as this string.
  if (pulumi.isUnknown(value)) return UNKNOWN_WIRE_VALUE;
  const asset = await describeAsset(value);
  if (asset !== undefined) return asset;
  if (Array.isArray(value)) return Promise.all(value.map(jsonSafe));
  if (value !== null && typeof value === "object") {
    if (pulumi.Resource.isInstance(value)) return { resourceReference: true };
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(await Promise.all(entries.map(async ([k, v]) => [k, await jsonSafe(v)] as const)));
  }
  return value;
}

/** Resolves an export; unlike `apply`, the output's own promise also rejects when the program's apply throws. */
async function resolveOutput(value: unknown): Promise<unknown> {
  const output = pulumi.output(value) as unknown as { promise(): Promise<unknown>; isKnown: Promise<boolean> };
  const resolved = await output.promise();
  // A preview resolves an unknown export to undefined: say it is unknown, as `pulumi preview` shows it.
  return (await output.isKnown) ? resolved : UNKNOWN_WIRE_VALUE;
}

let running = false;

export async function runProgram(options: RunOptions = {}): Promise<ProgramRun> {
  if (running) throw new Error("runProgram: Pulumi mocks are process-wide; run programs one at a time");
  running = true;
  try {
    return await runOnce(options);
  } finally {
    running = false;
  }
}

async function runOnce(options: RunOptions): Promise<ProgramRun> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const stack = options.stack ?? "dev";
  const config = loadStackConfig(projectDir, stack, options.config, { secretPlaceholder: options.secretPlaceholder });
  const region = config.values["aws:region"] ?? "us-east-1";

  pulumi.runtime.setAllConfig(config.values);
  const unanswered: UnansweredInvokeError[] = [];
  const environment = { region, accountId: options.accountId ?? MOCK_ACCOUNT_ID };
  const onUnanswered = (e: UnansweredInvokeError) => unanswered.push(e);
  const preview = options.preview === true;
  await pulumi.runtime.setMocks(preview ? createPreviewMocks(environment, onUnanswered) : createMocks(environment, onUnanswered), config.project, stack, preview);
  const attempted = recordAttemptedRegistrations();

  // Mocks do not see a resource's parent; the monitor's request does. Record every registration there.
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
  type PendingRecord = Omit<ResourceRecord, "inputs" | "outputs"> & { outputs: Record<string, unknown> };
  const records = new Map<string, PendingRecord>();
  const failures: Error[] = [];
  let inFlight = 0;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    let rawInputs: Record<string, unknown>;
    try {
      rawInputs = pulumi.runtime.deserializeProperties(req.getObject()) as Record<string, unknown>;
    } catch (error) {
      // Reported as the program's failure; the registration still goes on so nothing waits for it.
      failures.push(new Error(`Registering ${req.getType()} "${req.getName()}" failed: ${(error as Error).message}`));
      rawInputs = {};
    }
    inFlight++;
    return register(req, (err, resp) => {
      inFlight--;
      if (err) {
        failures.push(new Error(`Registering ${req.getType()} "${req.getName()}" failed: ${err.message}`));
      } else {
        const r = resp as RegisterResponse;
        // The engine refuses two resources with one URN; the mock monitor does not, so check here.
        if (records.has(r.getUrn())) failures.push(new Error(`Duplicate resource URN ${r.getUrn()}: two resources share a type and name`));
        records.set(r.getUrn(), {
          urn: r.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || null,
          custom: req.getCustom(),
          id: r.getId() || null,
          rawInputs,
          dependencies: [...req.getDependenciesList()],
          propertyDependencies: Object.fromEntries([...req.getPropertydependenciesMap().entries()].map(([k, v]) => [k, [...v.getUrnsList()]])),
          outputs: r.getObject() ? (pulumi.runtime.deserializeProperties(r.getObject()) as Record<string, unknown>) : {},
        });
      }
      cb(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    const record = records.get(req.getUrn());
    if (record && req.getOutputs()) record.outputs = pulumi.runtime.deserializeProperties(req.getOutputs()) as Record<string, unknown>;
    registerOutputs(req, cb);
  };

  // Errors thrown inside `apply` callbacks surface as unhandled rejections, not as the program's error.
  const onUnhandled = (reason: unknown) => failures.push(reason instanceof Error ? reason : new Error(String(reason)));
  process.on("unhandledRejection", onUnhandled);
  try {
    let exported: unknown;
    try {
      exported = typeof options.program === "function" ? options.program() : require(programModule(path.resolve(projectDir, options.program ?? "index.ts")));
    } catch (error) {
      throw new Error(`The program failed: ${(error as Error).message}`, { cause: error });
    }
    const outputs = await withTimeout(
      resolveExports(exported).catch((error: Error) => {
        throw new Error(`The program failed: ${error.message}`, { cause: error });
      }),
      options.timeoutMs ?? 120_000,
      () => `exports did not resolve (${inFlight} registrations in flight)`,
    );
    await withTimeout(
      settle(() => inFlight),
      options.timeoutMs ?? 120_000,
      () => `${inFlight} registrations still in flight`,
    );
    if (failures.length > 0 || unanswered.length > 0) {
      const registered = new Set([...records.values()].map((r) => `${r.type} "${r.name}"`));
      throw programFailure(
        failures,
        unanswered,
        attempted.filter((a) => !registered.has(a)),
      );
    }
    const resources = await Promise.all(
      [...records.values()].map(async (r): Promise<ResourceRecord> => ({
        ...r,
        inputs: (await jsonSafe(r.rawInputs)) as Record<string, unknown>,
        outputs: (await jsonSafe(r.outputs)) as Record<string, unknown>,
      })),
    );
    return { project: config.project, stack, config: config.values, resources, outputs, preview };
  } finally {
    process.off("unhandledRejection", onUnhandled);
    attempted.restore();
  }
}

/** Every resource the program constructs, as `type "name"` (the engine never hears of those whose inputs fail). */
function recordAttemptedRegistrations(): string[] & { restore(): void } {
  const attempted = [] as unknown as string[] & { restore(): void };
  attempted.restore = interceptRegistrations((type, name) => attempted.push(`${type} "${name}"`));
  return attempted;
}

/**
 * One error naming the cause: an invoke the mocks do not answer (with the resources left
 * unregistered), else the program's own distinct errors. Pulumi repeats a failed input as
 * "error serializing property" for every resource that uses it; those echoes are dropped when
 * a cause is known.
 */
export function programFailure(failures: readonly Error[], unanswered: readonly UnansweredInvokeError[], unregistered: readonly string[]): Error {
  const affected =
    unregistered.length === 0
      ? ""
      : ` (resources left unregistered: ${unregistered.slice(0, 5).join(", ")}${unregistered.length > 5 ? `, and ${unregistered.length - 5} more` : ""})`;
  if (unanswered.length > 0) {
    const tokens = [...new Set(unanswered.map((u) => u.token))];
    return new Error(`The program failed: the offline mocks do not answer the invoke ${tokens.join(", ")}${affected}: add it to offline/mocks.ts`, { cause: unanswered[0] });
  }
  const messages = [...new Set(failures.map((f) => f.message))];
  const causes = messages.filter((m) => !/^error serializing property/.test(m));
  const shown = causes.length > 0 ? causes : messages.slice(0, 1);
  return new Error(`The program failed: ${shown.join("; ")}${affected}`, { cause: failures[0] });
}

async function resolveExports(exported: unknown): Promise<Record<string, unknown>> {
  const value = await Promise.resolve(exported);
  if (value === undefined || value === null) return {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "__esModule");
  const resolved = await Promise.all(entries.map(async ([k, v]) => [k, await jsonSafe(await resolveOutput(v))] as const));
  return Object.fromEntries(resolved);
}

/** Waits until Pulumi's RPC queue and our own count of registrations stay drained. */
async function settle(inFlight: () => number): Promise<void> {
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  for (let quietRounds = 0; quietRounds < 3;) {
    if (waitForRPCs) await waitForRPCs();
    await new Promise((r) => setImmediate(r));
    quietRounds = inFlight() === 0 ? quietRounds + 1 : 0;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${describe()}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
