/**
 * `npm run sbom -- --out <file> [--sdk bundled|runtime]`: writes a CycloneDX 1.5 JSON SBOM of
 * what ships (tools/sbom-model.ts): the Lambda bundle's packages at the versions the build
 * compiled in, and the policy pack's production packages. `--out -` prints it. Answering "which
 * version of X do we run": docs/inventory.md.
 * Exit (tools/exit-codes.ts): 0 written; 2 could not run (bad flag, no build, no lockfile).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BUNDLE_MANIFEST_FILE, prebuiltBundleDir, PROJECT_ROOT, SDK_SOURCES, type BundleManifest, type SdkSource } from "../components/handler-build";
import { helpText, parseFlags, type FlagTable } from "./cli-flags";
import { EXIT } from "./exit-codes";
import { buildBom, bundleComponents, licenceIndex, policyPackComponents, type CycloneDxBom, type Lockfile } from "./sbom-model";

const FLAGS = {
  out: { type: "string", value: "<file>", help: "where to write the CycloneDX JSON SBOM (`-` for stdout)" },
  sdk: { type: "string", value: "<source>", default: "bundled", help: "which handler bundle ships: bundled (the stack's default lambdaSdk) or runtime" },
} as const satisfies FlagTable;

export const SBOM_USAGE = helpText("npm run sbom -- --out <file> [--sdk bundled|runtime]", FLAGS, {
  ok: "SBOM written",
  usage: "could not run (bad flag, no build, no lockfile)",
});

function readJson<T>(file: string, missing: string): T {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(PROJECT_ROOT, file)} is missing: ${missing}`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** The SBOM of this repository's build and policy pack. */
export function projectSbom(sdk: SdkSource, now = new Date()): CycloneDxBom {
  const pkg = readJson<{ name: string; version: string }>(path.join(PROJECT_ROOT, "package.json"), "not a project root");
  const manifest = readJson<BundleManifest>(path.join(prebuiltBundleDir(sdk), BUNDLE_MANIFEST_FILE), "run `npm run build`");
  const rootLock = readJson<Lockfile>(path.join(PROJECT_ROOT, "package-lock.json"), "run `npm install`");
  const packLock = readJson<Lockfile>(path.join(PROJECT_ROOT, "policy-pack", "package-lock.json"), "commit the policy pack's lockfile");
  const shipped = [...bundleComponents(manifest, pkg.name, licenceIndex(rootLock)), ...policyPackComponents(packLock)];
  return buildBom(pkg, shipped, now, { name: `${pkg.name} sbom`, version: pkg.version });
}

function main(argv: string[]): number {
  let values: ReturnType<typeof parseFlags<typeof FLAGS>>["values"];
  try {
    values = parseFlags(FLAGS, argv).values;
    if (values.help) {
      console.log(SBOM_USAGE);
      return EXIT.ok;
    }
    if (!values.out) throw new Error("--out <file> is required");
    if (!(SDK_SOURCES as readonly string[]).includes(values.sdk ?? "")) throw new Error(`--sdk must be one of ${SDK_SOURCES.join(", ")}, got "${values.sdk}"`);
  } catch (error) {
    console.error(`sbom: ${(error as Error).message}\n${SBOM_USAGE}`);
    return EXIT.usage;
  }
  try {
    const bom = projectSbom(values.sdk as SdkSource);
    const text = `${JSON.stringify(bom, null, 2)}\n`;
    if (values.out === "-") process.stdout.write(text);
    else {
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, text);
      console.error(`sbom: ${bom.components.length} components (CycloneDX ${bom.specVersion}) -> ${values.out}`);
    }
    return EXIT.ok;
  } catch (error) {
    console.error(`sbom: ${(error as Error).message}`);
    return EXIT.usage;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
