/** The SBOM model on fixtures: what counts as shipped, versions, licences, and the document's identity. */
import { buildBom, bundleComponents, licenceIndex, policyPackComponents, purlOf, type Lockfile } from "../../tools/sbom-model";

const LOCK: Lockfile = {
  packages: {
    "": { version: "1.0.0" },
    "node_modules/pako": { version: "1.0.11", license: "(MIT AND Zlib)" },
    "node_modules/@scope/lib": { version: "2.0.0", license: "MIT" },
    "node_modules/other/node_modules/@scope/lib": { version: "1.5.0", license: "ISC" },
    "node_modules/jest": { version: "29.7.0", license: "MIT", dev: true },
    "node_modules/fsevents": { version: "2.3.3", license: "MIT", devOptional: true },
    "node_modules/local": { link: true },
  },
};
const NOW = new Date("2026-12-08T00:00:00.000Z");
const TOOL = { name: "t", version: "1" };

it("takes the bundle's packages at every version the build compiled in, with their licences", () => {
  const manifest = {
    sdk: "bundled" as const,
    packages: ["@scope/lib", "pako", "proj"],
    runtimePackages: [],
    versions: { "@scope/lib": ["1.5.0", "2.0.0"], pako: ["1.0.11"], proj: ["1.0.0"] },
  };
  expect(bundleComponents(manifest, "proj", licenceIndex(LOCK))).toEqual([
    { name: "@scope/lib", version: "1.5.0", license: "ISC", shipsIn: "lambda-bundle" },
    { name: "@scope/lib", version: "2.0.0", license: "MIT", shipsIn: "lambda-bundle" },
    { name: "pako", version: "1.0.11", license: "(MIT AND Zlib)", shipsIn: "lambda-bundle" },
  ]);
  expect(() => bundleComponents({ ...manifest, versions: undefined }, "proj", new Map())).toThrow("records no versions");
  expect(() => bundleComponents({ ...manifest, versions: { pako: ["1.0.11"] } }, "proj", new Map())).toThrow("lists @scope/lib without a version");
});

it("takes the policy pack's lockfile without dev-only entries, links or the root", () => {
  expect(policyPackComponents(LOCK).map((c) => `${c.name}@${c.version}`)).toEqual(["pako@1.0.11", "@scope/lib@2.0.0", "@scope/lib@1.5.0"]);
});

it("merges a package shipped in both places into one component, and is reproducible", () => {
  const shipped = [
    { name: "@scope/lib", version: "2.0.0", license: "MIT", shipsIn: "lambda-bundle" as const },
    { name: "@scope/lib", version: "2.0.0", license: "MIT", shipsIn: "policy-pack" as const },
    { name: "pako", version: "1.0.11", license: "(MIT AND Zlib)", shipsIn: "policy-pack" as const },
  ];
  const bom = buildBom({ name: "proj", version: "1.0.0" }, shipped, NOW, TOOL);
  expect(bom.components).toEqual([
    {
      type: "library",
      "bom-ref": "pkg:npm/%40scope/lib@2.0.0",
      group: "@scope",
      name: "lib",
      version: "2.0.0",
      purl: "pkg:npm/%40scope/lib@2.0.0",
      licenses: [{ license: { id: "MIT" } }],
      properties: [
        { name: "secure-image-pipeline:shipsIn", value: "lambda-bundle" },
        { name: "secure-image-pipeline:shipsIn", value: "policy-pack" },
      ],
    },
    {
      type: "library",
      "bom-ref": "pkg:npm/pako@1.0.11",
      name: "pako",
      version: "1.0.11",
      purl: "pkg:npm/pako@1.0.11",
      licenses: [{ expression: "(MIT AND Zlib)" }],
      properties: [{ name: "secure-image-pipeline:shipsIn", value: "policy-pack" }],
    },
  ]);
  expect(buildBom({ name: "proj", version: "1.0.0" }, shipped, NOW, TOOL).serialNumber).toBe(bom.serialNumber);
  expect(buildBom({ name: "proj", version: "1.0.1" }, shipped, NOW, TOOL).serialNumber).not.toBe(bom.serialNumber);
  expect(purlOf("plain", "1.2.3")).toBe("pkg:npm/plain@1.2.3");
});
