/** The rule table in docs/policy-pack.md lists exactly the pack's policies, in order, with their enforcement levels. */
import { policies } from "../../policy-pack/policies";
import { read } from "./documents";

test("docs/policy-pack.md has one row per policy of the pack, with its level", () => {
  const rows = read("docs/policy-pack.md")
    .split("\n")
    .filter((line) => /^\| `[a-z0-9-]+` \| (mandatory|advisory|disabled) \|/.test(line))
    .map((line) => line.split(" | ").slice(0, 2).map((cell) => cell.replace(/^\| |`/g, "")));
  expect(rows).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
});
