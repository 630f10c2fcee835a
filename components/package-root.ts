import * as fs from "fs";
import * as path from "path";

/**
 * The nearest directory at or above `from` holding a package.json: this repository whether the
 * code runs from its TypeScript sources or from the prebuilt JavaScript in dist/, and the
 * installed package's own directory when it runs from a consumer's node_modules.
 */
export function packageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json at or above ${from}`);
  }
}

/** True when this module runs as compiled JavaScript (dist/), false under ts-node or ts-jest. */
export const RUNNING_BUILT = __filename.endsWith(".js");

/** Where `npm run build` (scripts/build.js) puts the project's compiled JavaScript, under the root. */
export const BUILT_APP_DIR = path.join("dist", "app");
