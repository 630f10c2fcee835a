/**
 * "Deploys" the program to moto for a test file: runs index.ts under the offline mocks, creates
 * the pipeline's resources in moto from what it registered, writes the Lambda's code archive to a
 * temp dir and starts it with the component's environment, pointed at moto.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR, runProgram } from "../../../offline/run-program";
import { formatSkipped, harnessCoverage, type HarnessCoverage } from "./coverage";
import { pipelineFromProgram, type ProgramPipeline } from "./from-program";
import { destroyClients, motoClients, motoEndpoint, resetMoto, setIamEnforcement, REGION, type Clients, type Credentials } from "./moto";
import { extractArchive, PackagedHandler, tempArchiveDir } from "./packaged-handler";
import { assumeRole, createPipelineInMoto, type PipelineInMoto } from "./pipeline-in-moto";

export interface Deployment {
  readonly program: ProgramPipeline;
  readonly moto: PipelineInMoto;
  /** The suite's clients, with credentials that work whether IAM is enforced or not. */
  readonly admin: Clients;
  /** The function's credentials: temporary credentials of its role, as Lambda provides them. */
  readonly roleCredentials: Credentials;
  /** Credentials of the stack's uploader and reader roles (exactly their generated policies). */
  readonly uploaderCredentials: Credentials;
  readonly readerCredentials: Credentials;
  /** What the harness created of the program, and what it left out and why. */
  readonly coverage: HarnessCoverage;
  readonly archiveDir: string;
  /** The archive's top-level entries. */
  readonly archiveEntries: readonly string[];
  /** The environment the function runs with (the component's variables plus Lambda's own). */
  readonly functionEnv: Readonly<Record<string, string>>;
  readonly handler: PackagedHandler;
  teardown(): Promise<void>;
}

/** The variables Lambda itself sets for a Node.js function, with the SDK pointed at moto. */
function lambdaRuntimeEnv(program: ProgramPipeline, credentials: Credentials, archiveDir: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_LAMBDA_FUNCTION_NAME: program.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
    AWS_EXECUTION_ENV: `AWS_Lambda_${program.functionRuntime}`,
    LAMBDA_TASK_ROOT: archiveDir,
    _HANDLER: "__index.handler",
  };
}

/**
 * The packages the Lambda runs with: package.json `dependencies`, less the deploy-time `@pulumi/*`.
 * They travel inside the handler's bundle, so none of them may resolve as a package from the archive.
 */
export function runtimeDependencies(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith("@pulumi/"));
}

/** Test tools that exist only in the project's node_modules: resolving them from the archive must fail. */
export const PROJECT_ONLY_PACKAGES = ["sharp", "typescript", "jest", "@aws-sdk/s3-presigned-post"] as const;

export async function deployToMoto(): Promise<Deployment> {
  motoEndpoint();
  await setIamEnforcement(false);
  await resetMoto();
  const run = await runProgram();
  const program = pipelineFromProgram(run.resources);
  const coverage = harnessCoverage(run.resources, program.created);
  if (coverage.unlisted.length > 0) {
    throw new Error(
      `the moto harness neither creates nor lists these program resources (add them to from-program.ts or coverage.ts with a reason):\n- ${coverage.unlisted.join("\n- ")}`,
    );
  }
  console.info(formatSkipped(coverage));
  const setup = motoClients();
  const moto = await createPipelineInMoto(setup, program.description);
  if (!moto.clientRoleArns) throw new Error("the program has no uploader and reader roles (PipelineAccess)");
  const roleCredentials = await assumeRole(setup, moto.roleArn);
  const uploaderCredentials = await assumeRole(setup, moto.clientRoleArns.uploader, "e2e-uploader");
  const readerCredentials = await assumeRole(setup, moto.clientRoleArns.reader, "e2e-reader");
  destroyClients(setup);
  const admin = motoClients(moto.adminCredentials);

  const archiveDir = tempArchiveDir();
  const removeArchive = () => fs.rmSync(path.dirname(archiveDir), { recursive: true, force: true });
  let archiveEntries: string[];
  let functionEnv: Record<string, string>;
  let handler: PackagedHandler;
  try {
    archiveEntries = await extractArchive(program.functionCode, archiveDir);
    const componentEnv = Object.fromEntries(Object.entries(program.functionEnvironment).map(([k, v]) => [k, moto.toMotoIds(v)]));
    functionEnv = { ...componentEnv, ...lambdaRuntimeEnv(program, roleCredentials, archiveDir) };
    handler = await PackagedHandler.start(archiveDir, functionEnv, [...runtimeDependencies(), ...PROJECT_ONLY_PACKAGES]);
  } catch (error) {
    destroyClients(admin);
    removeArchive();
    throw error;
  }

  return {
    program,
    moto,
    admin,
    roleCredentials,
    uploaderCredentials,
    readerCredentials,
    coverage,
    archiveDir,
    archiveEntries,
    functionEnv,
    handler,
    async teardown() {
      await handler.stop();
      destroyClients(admin);
      await setIamEnforcement(false);
      removeArchive();
    },
  };
}
