// Every rule says what it can decide during a first preview (the rule table's column), and only rules of the pack do.
import { ruleInfos } from "../../policy-pack/lib/define";
import { FIRST_PREVIEW } from "../../policy-pack/lib/first-preview";
import { policies } from "../../policy-pack/policies";

test("one first-preview entry per rule of the pack", () => {
  const names = new Set(policies.map((p) => p.name));
  expect(Object.keys(FIRST_PREVIEW).sort()).toEqual(
    ruleInfos()
      .map((r) => r.name)
      .filter((n) => names.has(n))
      .sort(),
  );
});
