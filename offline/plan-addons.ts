import * as fs from "fs";
import * as path from "path";
import type { ParseArgsConfig } from "util";
import type { PlanResult } from "./plan";
import type { ProgramRun } from "./run-program";

/**
 * The plan's extension seam. A module in tools/plan-addons/ that exports `addon: PlanAddon` adds
 * flags and output to `npm run plan` without editing the CLI (policy verdicts, diagrams, ...).
 */
export interface PlanAddonResult {
  /** Added to the `--json` document under the addon's name. */
  readonly json?: unknown;
  /** Printed after the tree (or, with `replaceText`, instead of it) in text mode. */
  readonly text?: string;
  readonly replaceText?: boolean;
  /** Make the command exit 1 (e.g. a mandatory policy was violated). */
  readonly failed?: boolean;
}

export interface PlanAddon {
  /** Key in the JSON output, e.g. `policy`. */
  readonly name: string;
  /** Extra command-line options, in `util.parseArgs` form. */
  readonly options?: ParseArgsConfig["options"];
  /** Return undefined to stay silent (e.g. when its flag is off). */
  run(plan: PlanResult, run: ProgramRun, flags: Record<string, unknown>): Promise<PlanAddonResult | undefined>;
}

/** tools/plan-addons/ (its compiled twin in dist/app when the tools run prebuilt), or `PLAN_ADDONS_DIR` (tests point it at fixtures). */
export const ADDON_DIR = process.env.PLAN_ADDONS_DIR ?? path.resolve(__dirname, "..", "tools", "plan-addons");

/** Add-ons are modules of the kind this file is: .ts from sources, .js from the prebuilt tools. */
const ADDON_EXTENSION = path.extname(__filename);

/** Loads every addon module, in file-name order so the output is stable. */
export function loadPlanAddons(dir: string = ADDON_DIR): PlanAddon[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ADDON_EXTENSION) && !f.endsWith(`.d${ADDON_EXTENSION}`) && !f.endsWith(`.test${ADDON_EXTENSION}`))
    .sort()
    .map((f) => {
      const loaded = require(path.join(dir, f)) as { addon?: PlanAddon };
      if (!loaded.addon || typeof loaded.addon.run !== "function" || typeof loaded.addon.name !== "string") {
        throw new Error(`Plan addon ${path.join(dir, f)} must export \`addon\` with a name and a run function`);
      }
      return loaded.addon;
    });
}
