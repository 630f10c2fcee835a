// `npm run -s docs:policy-rules`: regenerates docs/policy-rules.md from the policy pack.
import { writeFileSync } from "fs";
import * as path from "path";
import { policyRulesMarkdown } from "../offline/policy-rules-table";

const target = path.resolve(__dirname, "..", "docs", "policy-rules.md");
writeFileSync(target, policyRulesMarkdown());
console.error(`wrote ${target}`);
