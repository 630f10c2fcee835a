/**
 * Flags of the command-line tools as one table per tool: parsing (node:util parseArgs, strict)
 * and the `--help` text come from the same rows, so a flag added is a flag documented. A usage
 * problem is a UsageError, which every tool turns into EXIT.usage.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT } from "./exit-codes";

type OptionConfig = NonNullable<ParseArgsConfig["options"]>[string];

export type Flag = OptionConfig & {
  /** One line for `--help`. */
  readonly help: string;
  /** The value's placeholder in `--help` ("<file>"); string flags only. */
  readonly value?: string;
};

export type FlagTable = Readonly<Record<string, Flag>>;

export class UsageError extends Error {}

export const HELP_FLAG = { help: { type: "boolean", short: "h", help: "print this help and exit" } } as const satisfies FlagTable;

/** Parses `argv` against `table` (plus --help); unknown flags, missing values and unwanted positionals are UsageErrors. */
export function parseFlags<const T extends FlagTable>(table: T, argv: readonly string[], options: { allowPositionals?: boolean } = {}) {
  try {
    return parseArgs({ args: [...argv], options: { ...table, ...HELP_FLAG }, strict: true, allowPositionals: options.allowPositionals ?? false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function flagLabel(name: string, flag: Flag): string {
  const short = flag.short ? `, -${flag.short}` : "";
  const value = flag.type === "string" ? ` ${flag.value ?? "<value>"}` : "";
  return `--${name}${value}${short}`;
}

function describe(flag: Flag): string {
  const extras = [
    flag.multiple ? "repeatable" : undefined,
    flag.default !== undefined && flag.default !== false && !Array.isArray(flag.default) ? `default ${String(flag.default)}` : undefined,
  ];
  const note = extras.filter(Boolean).join("; ");
  return note ? `${flag.help} (${note})` : flag.help;
}

/** The --help text: the synopsis, one line per flag, then the exit codes. */
export function helpText(synopsis: string, table: FlagTable, exitCodes: { readonly ok: string; readonly findings?: string; readonly usage: string }): string {
  const rows = Object.entries({ ...table, ...HELP_FLAG }).map(([name, flag]) => [flagLabel(name, flag), describe(flag)] as const);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `usage: ${synopsis}`,
    "",
    ...rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`),
    "",
    `Exit codes: ${[`${EXIT.ok} ${exitCodes.ok}`, exitCodes.findings === undefined ? undefined : `${EXIT.findings} ${exitCodes.findings}`, `${EXIT.usage} ${exitCodes.usage}`].filter(Boolean).join("; ")}.`,
  ].join("\n");
}
