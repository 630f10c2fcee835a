// Jest global setup of the stack and integration projects: plans the dev stack once for the run.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEV_STACK_FILE } from "./dev-stack";

const ROOT = path.resolve(__dirname, "../../..");

export default function planDevStackOnce(): void {
  // Both projects run this when both are selected; the second finds this run's file already there.
  const marker = `${DEV_STACK_FILE}.run`;
  const runId = String(process.pid); // one jest run = one process
  if (fs.existsSync(DEV_STACK_FILE) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === runId) return;
  fs.rmSync(DEV_STACK_FILE, { force: true });
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/ts-node/dist/bin.js"), "--transpile-only", path.join(__dirname, "plan-dev-stack.ts"), DEV_STACK_FILE], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 300_000,
  });
  fs.writeFileSync(marker, runId);
}
