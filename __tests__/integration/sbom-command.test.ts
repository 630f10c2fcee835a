/**
 * `npm run sbom` as a process: the CycloneDX document lists every package the Lambda bundle was
 * built from at the version installed in node_modules (read here independently of the build's
 * record), the policy pack's production packages from its lockfile, nothing from
 * devDependencies (no AGPL simulator, no jest), and the exit codes of tools/exit-codes.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BundleManifest } from "../../components/handler-build";
import type { CycloneDxBom } from "../../tools/sbom-model";
import { runProcess } from "./support/script-harness";

const ROOT = path.resolve(__dirname, "../..");
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as T;
const nameOf = (c: { group?: string; name: string }) => (c.group ? `${c.group}/${c.name}` : c.name);
const shipsIn = (c: { properties: { name: string; value: string }[] }) => c.properties.filter((p) => p.name === "secure-image-pipeline:shipsIn").map((p) => p.value);

describe("npm run sbom", () => {
  jest.setTimeout(120_000);
  let dir = "";
  let bom: CycloneDxBom;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbom-"));
    const result = await runProcess("npm", ["run", "-s", "sbom", "--", "--out", path.join(dir, "sbom.cdx.json")], {});
    expect(result.code).toBe(0);
    bom = JSON.parse(fs.readFileSync(path.join(dir, "sbom.cdx.json"), "utf8")) as CycloneDxBom;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is a CycloneDX 1.5 document about this project", () => {
    const pkg = readJson<{ name: string; version: string }>("package.json");
    expect([bom.bomFormat, bom.specVersion, bom.version]).toEqual(["CycloneDX", "1.5", 1]);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.now() - Date.parse(bom.metadata.timestamp)).toBeLessThan(120_000);
    expect([bom.metadata.component.name, bom.metadata.component.version]).toEqual([pkg.name, pkg.version]);
    expect(bom.dependencies[0].dependsOn.sort()).toEqual(bom.components.map((c) => c["bom-ref"]).sort());
    for (const c of bom.components) expect(c.purl).toBe(`pkg:npm/${nameOf(c).replace(/^@/, "%40")}@${c.version}`);
  });

  it("lists every package compiled into the Lambda bundle at the version installed", () => {
    const manifest = readJson<BundleManifest>("dist/handler/bundled/bundle.json");
    const bundled = bom.components.filter((c) => shipsIn(c).includes("lambda-bundle"));
    const expected = manifest.packages
      .filter((name) => name !== "secure-image-pipeline")
      .map((name) => `${name}@${readJson<{ version: string }>(`node_modules/${name}/package.json`).version}`)
      .sort();
    expect(bundled.map((c) => `${nameOf(c)}@${c.version}`).sort()).toEqual(expected);
    // The runtime dependencies the handler imports directly, at their pinned versions.
    const deps = readJson<{ dependencies: Record<string, string> }>("package.json").dependencies;
    for (const name of ["@aws-sdk/client-s3", "@aws-sdk/client-dynamodb", "@aws-sdk/client-sns", "@jimp/plugin-resize"]) {
      expect(bundled.find((c) => nameOf(c) === name)?.version).toBe(deps[name]);
    }
  });

  it("lists the policy pack's production packages, and nothing only tests or tooling use", () => {
    const pack = bom.components.filter((c) => shipsIn(c).includes("policy-pack"));
    const packDeps = readJson<{ dependencies: Record<string, string> }>("policy-pack/package.json").dependencies;
    for (const [name, version] of Object.entries(packDeps)) expect(pack.find((c) => nameOf(c) === name)?.version).toBe(version);
    const names = bom.components.map(nameOf);
    for (const dev of ["jest", "typescript", "esbuild", "@cloud-copilot/iam-simulate", "@stryker-mutator/core", "sharp"]) expect(names).not.toContain(dev);
    const licences = bom.components.flatMap((c) => (c.licenses ?? []).map((l) => ("license" in l ? l.license.id : l.expression)));
    expect(licences.filter((l) => /AGPL|GPL-3/.test(l))).toEqual([]);
    expect(bom.components.filter((c) => !c.licenses).map(nameOf)).toEqual(expect.not.arrayContaining(["@aws-sdk/client-s3"]));
  });

  it("exits 2 without --out or with a bad --sdk, 0 for --help", async () => {
    const none = await runProcess("npm", ["run", "-s", "sbom"], {});
    expect([none.code, none.stderr.split("\n")[0]]).toEqual([2, "sbom: --out <file> is required"]);
    const bad = await runProcess("npm", ["run", "-s", "sbom", "--", "--out", "-", "--sdk", "nope"], {});
    expect([bad.code, bad.stderr.split("\n")[0]]).toEqual([2, 'sbom: --sdk must be one of bundled, runtime, got "nope"']);
    const help = await runProcess("npm", ["run", "-s", "sbom", "--", "--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--out <file>");
  });
});
