// Plans the dev stack under the offline mocks and writes the run as JSON to the path given
// (the stack and integration projects' global setup runs this once per jest run).
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram } from "../../../offline/run-program";
import { toShared } from "./dev-stack";

async function main(out: string): Promise<void> {
  const run = await runProgram({ stack: "dev" });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(toShared(run)));
  fs.renameSync(tmp, out); // readers never see a half-written file
}

main(process.argv[2]).then(
  // The mock runtime keeps handles open: exit explicitly.
  () => process.exit(0),
  (error: Error) => {
    console.error(`planning the dev stack failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
