/**
 * Runs the Lambda's image core on a local file, so users can try settings without AWS:
 *
 *   npm run -s thumbnail -- <input-file> --out <dir> [--variants 1024x1024,256x256]
 *     [--quality 80] [--max-pixels N] [--max-bytes N]
 *
 * Writes `<dir>/<variant>.<jpg|png>` (the same names as under processed/<key>/) and prints one
 * JSON summary on stdout. Exit codes (tools/exit-codes.ts): 0 done, 1 the image was rejected (one
 * line on stderr), 2 usage error or the file could not be read or written.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BUNDLE_FILE, prebuiltBundleDir } from "../components/handler-build";
import { RUNNING_BUILT } from "../components/package-root";
import type * as HandlerEntry from "../handlers";
import { helpText, parseFlags, UsageError, type FlagTable } from "./cli-flags";
import { EXIT } from "./exit-codes";

/**
 * The image core: prebuilt, the Lambda's own bundle (dist/handler/bundled, what the archive
 * carries); from TypeScript sources (tests), handlers/ itself.
 */
const core = (RUNNING_BUILT ? require(join(prebuiltBundleDir("bundled"), BUNDLE_FILE)) : require("../handlers")) as typeof HandlerEntry;
const { ConfigError, HANDLER_DEFAULTS, HANDLER_LIMITS, ImageRejection, parseVariants, processImage } = core;

/** Every flag, one row each: parsing and `--help` both read this table. */
const FLAGS = {
  out: { type: "string", value: "<dir>", help: "directory for the variants (created if missing); required" },
  variants: { type: "string", value: "<list>", help: `sizes to fit inside, e.g. 1024x1024,256x256 (default ${HANDLER_DEFAULTS.variants})` },
  quality: { type: "string", value: "<1-100>", help: `JPEG quality (default ${HANDLER_DEFAULTS.jpegQuality})` },
  "max-pixels": { type: "string", value: "<n>", help: `reject images with more pixels (default ${HANDLER_DEFAULTS.maxImagePixels})` },
  "max-bytes": { type: "string", value: "<n>", help: `reject files larger than this (default ${HANDLER_DEFAULTS.maxImageBytes})` },
} as const satisfies FlagTable;

export const USAGE = helpText("npm run -s thumbnail -- <input-file> --out <dir> [flags]   (prints a JSON summary on stdout)", FLAGS, {
  ok: "the variants were written",
  findings: "the image was rejected (one line on stderr says why)",
  usage: "usage error, or the input could not be read or the output written",
});

export interface ThumbnailSummary {
  readonly input: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly variants: ReadonlyArray<{ name: string; file: string; format: string; width: number; height: number; bytes: number }>;
  readonly ms: number;
}

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory that relative paths are relative to (default: the process's cwd). */
  readonly cwd?: string;
}

function integerOption(name: string, raw: string | undefined, fallback: number, { min, max }: { readonly min: number; readonly max: number }): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function parse(argv: readonly string[]) {
  const { values, positionals } = parseFlags(FLAGS, argv, { allowPositionals: true });
  if (values.help) throw new UsageError("");
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "missing <input-file>" : `expected one input file, got ${positionals.length}`);
  if (!values.out) throw new UsageError("missing --out <dir>");
  let variants;
  try {
    variants = parseVariants(values.variants ?? HANDLER_DEFAULTS.variants, "--variants");
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message.replace(/^Invalid configuration: /, ""));
    throw error;
  }
  return {
    input: positionals[0],
    out: values.out,
    variants,
    jpegQuality: integerOption("quality", values.quality, HANDLER_DEFAULTS.jpegQuality, HANDLER_LIMITS.jpegQuality),
    maxPixels: integerOption("max-pixels", values["max-pixels"], HANDLER_DEFAULTS.maxImagePixels, HANDLER_LIMITS.maxImagePixels),
    maxBytes: integerOption("max-bytes", values["max-bytes"], HANDLER_DEFAULTS.maxImageBytes, HANDLER_LIMITS.maxImageBytes),
  };
}

/** The tool, minus the process: returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    io.stderr(`thumbnail: ${error.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const started = performance.now();
  const cwd = io.cwd ?? process.cwd();
  try {
    const input = await readFile(resolve(cwd, options.input));
    const image = await processImage(input, options);
    const out = resolve(cwd, options.out);
    await mkdir(out, { recursive: true });
    const variants = [];
    for (const variant of image.variants) {
      const file = join(out, `${variant.name}.${variant.extension}`);
      await writeFile(file, variant.data);
      variants.push({ name: variant.name, file, format: variant.format, width: variant.width, height: variant.height, bytes: variant.data.length });
    }
    const summary: ThumbnailSummary = {
      input: options.input,
      format: image.format,
      width: image.width,
      height: image.height,
      variants,
      ms: Math.round(performance.now() - started),
    };
    io.stdout(`${JSON.stringify(summary)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ImageRejection) {
      io.stderr(`thumbnail: ${options.input} rejected (${error.code}): ${error.message}\n`);
      return EXIT.findings;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("E")) {
      io.stderr(`thumbnail: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (require.main === module) {
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.env.INIT_CWD || process.cwd() };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.usage;
    },
  );
}
