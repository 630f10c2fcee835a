/**
 * A CycloneDX 1.5 JSON SBOM of what ships: the Lambda bundle's packages with the versions the
 * build compiled in (dist/handler/<sdk>/bundle.json) and the policy pack's production packages
 * (policy-pack/package-lock.json). Pure functions of those two files, so the tests build the
 * document from fixtures and from the real build alike.
 */
import { createHash } from "node:crypto";
import type { BundleManifest } from "../components/handler-build";

/** Where a component ships; the SBOM records it as a property of the component. */
export type ShipsIn = "lambda-bundle" | "policy-pack";
export const SHIPS_IN_PROPERTY = "secure-image-pipeline:shipsIn";

export interface LockEntry {
  readonly version?: string;
  readonly license?: string;
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly link?: boolean;
}

export interface Lockfile {
  readonly name?: string;
  readonly version?: string;
  readonly packages: Record<string, LockEntry>;
}

export interface Shipped {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly shipsIn: ShipsIn;
}

export interface CycloneDxComponent {
  readonly type: "library" | "application";
  readonly "bom-ref": string;
  readonly group?: string;
  readonly name: string;
  readonly version: string;
  readonly purl: string;
  readonly licenses?: ({ license: { id: string } } | { expression: string })[];
  readonly properties: { name: string; value: string }[];
}

export interface CycloneDxBom {
  readonly bomFormat: "CycloneDX";
  readonly specVersion: "1.5";
  readonly serialNumber: string;
  readonly version: 1;
  readonly metadata: {
    readonly timestamp: string;
    readonly tools: { components: { type: "application"; name: string; version: string }[] };
    readonly component: CycloneDxComponent;
  };
  readonly components: CycloneDxComponent[];
  readonly dependencies: { ref: string; dependsOn: string[] }[];
}

/** `pkg:npm/%40scope/name@1.2.3` (the purl spec percent-encodes the scope's @). */
export function purlOf(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, "%40")}@${version}`;
}

/** The package name of a lockfile key (`node_modules/a/node_modules/@s/b` -> `@s/b`). */
function nameOfLockKey(key: string): string {
  return key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
}

/** Licence by name and version, from a lockfile (npm records each package's licence there). */
export function licenceIndex(lock: Lockfile): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key && entry.version && entry.license) index.set(`${nameOfLockKey(key)}@${entry.version}`, entry.license);
  }
  return index;
}

/** The bundle's packages at the versions the build compiled in (the project itself excluded). */
export function bundleComponents(manifest: BundleManifest, projectName: string, licences: Map<string, string>): Shipped[] {
  if (!manifest.versions) throw new Error("the handler bundle's bundle.json records no versions (built by an older build): run `npm run build`");
  const versions = manifest.versions;
  return manifest.packages
    .filter((name) => name !== projectName)
    .flatMap((name) => {
      const found = versions[name];
      if (!found || found.length === 0) throw new Error(`bundle.json lists ${name} without a version: run \`npm run build\``);
      return found.map((version) => ({ name, version, license: licences.get(`${name}@${version}`), shipsIn: "lambda-bundle" as const }));
    });
}

/** The policy pack's production packages: every lockfile entry that is not dev-only or a link. */
export function policyPackComponents(lock: Lockfile): Shipped[] {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key !== "" && !entry.dev && !entry.devOptional && !entry.link && entry.version)
    .map(([key, entry]) => ({ name: nameOfLockKey(key), version: entry.version!, license: entry.license, shipsIn: "policy-pack" as const }));
}

function component(s: { name: string; version: string; license?: string }, type: "library" | "application", shipsIn: readonly string[]): CycloneDxComponent {
  const scoped = /^(@[^/]+)\/(.+)$/.exec(s.name);
  const purl = purlOf(s.name, s.version);
  return {
    type,
    "bom-ref": purl,
    ...(scoped ? { group: scoped[1], name: scoped[2] } : { name: s.name }),
    version: s.version,
    purl,
    // A single SPDX id is recorded as an id, anything else (`(MIT AND Zlib)`) as an SPDX expression.
    ...(s.license ? { licenses: [/^[A-Za-z0-9.+-]+$/.test(s.license) ? { license: { id: s.license } } : { expression: s.license }] } : {}),
    properties: [...new Set(shipsIn)].sort().map((value) => ({ name: SHIPS_IN_PROPERTY, value })),
  };
}

/** The document; the serial number is derived from the content, so the same inputs give the same SBOM. */
export function buildBom(project: { name: string; version: string }, shipped: readonly Shipped[], now: Date, tool: { name: string; version: string }): CycloneDxBom {
  const byPurl = new Map<string, { s: Shipped; shipsIn: ShipsIn[] }>();
  for (const s of shipped) {
    const purl = purlOf(s.name, s.version);
    const seen = byPurl.get(purl);
    if (seen) seen.shipsIn.push(s.shipsIn);
    else byPurl.set(purl, { s, shipsIn: [s.shipsIn] });
  }
  const components = [...byPurl.keys()].sort().map((purl) => {
    const { s, shipsIn } = byPurl.get(purl)!;
    return component(s, "library", shipsIn);
  });
  const root = component(project, "application", ["lambda-bundle", "policy-pack"]);
  const digest = createHash("sha256")
    .update(JSON.stringify([root, components]))
    .digest("hex");
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-${((parseInt(digest[16], 16) & 0x3) | 0x8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: `urn:uuid:${uuid}`,
    version: 1,
    metadata: { timestamp: now.toISOString(), tools: { components: [{ type: "application", ...tool }] }, component: root },
    components,
    dependencies: [{ ref: root["bom-ref"], dependsOn: components.map((c) => c["bom-ref"]) }],
  };
}
