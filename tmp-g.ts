import { readFileSync } from "node:fs";
import { readHeader } from "./handlers/image/header";
import { sniffFormat } from "./handlers/image/sniff";
import { runCase } from "./tools/fuzz/harness";
(async () => { for (const f of process.argv.slice(2)) { const b = readFileSync(f); let h; try { h = readHeader(b, sniffFormat(b)); } catch (e) { h = String(e); } const t = Date.now(); const r = await runCase(b); console.log(f, h, Date.now() - t, r); } })();
