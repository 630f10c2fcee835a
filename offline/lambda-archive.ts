import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

type ArchiveEntry = pulumi.asset.Asset | pulumi.asset.Archive;

/** Writes one archive entry at `target`, as Pulumi's archive writer would lay it out. */
async function writeEntry(entry: ArchiveEntry, target: string, cwd: string): Promise<void> {
  if (entry instanceof pulumi.asset.StringAsset) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await entry.text);
  } else if (entry instanceof pulumi.asset.FileAsset) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.resolve(cwd, await entry.path), target);
  } else if (entry instanceof pulumi.asset.FileArchive) {
    const source = path.resolve(cwd, await entry.path);
    if (!fs.statSync(source).isDirectory()) throw new Error(`archive entry ${target}: only directory FileArchives are supported, got ${source}`);
    fs.cpSync(source, target, { recursive: true, dereference: true });
  } else if (entry instanceof pulumi.asset.AssetArchive) {
    await extractArchive(entry, target, cwd);
  } else {
    throw new Error(`archive entry ${target}: unsupported asset type ${(entry as object)?.constructor?.name}`);
  }
}

/**
 * Writes a CallbackFunction's `code` (the AssetArchive `pulumi up` would zip and upload, as the
 * offline runner keeps it) into `destDir`; returns its top-level entries.
 */
export async function extractArchive(archive: unknown, destDir: string, cwd: string = process.cwd()): Promise<string[]> {
  if (!(archive instanceof pulumi.asset.AssetArchive)) {
    throw new Error(`expected the function's code to be an AssetArchive, got ${(archive as object)?.constructor?.name ?? typeof archive}`);
  }
  const entries = await archive.assets;
  fs.mkdirSync(destDir, { recursive: true });
  for (const [name, entry] of Object.entries(entries)) {
    const target = path.resolve(destDir, name);
    if (!target.startsWith(path.resolve(destDir) + path.sep)) throw new Error(`archive entry "${name}" escapes the archive`);
    await writeEntry(entry, target, cwd);
  }
  return Object.keys(entries).sort();
}

/** Every file under `dir`, relative, with forward slashes (as zip entries name them). */
export function listArchiveFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listArchiveFiles(path.join(dir, entry.name), name) : [name];
  });
}
