// The configuration reference in docs/components.md is generated from Pulumi.yaml: every key, in order, with its type, default and description.
import * as fs from "fs";
import * as path from "path";
import { readProjectFile } from "../../offline/stack-config";

const ROOT = path.join(__dirname, "../..");

test("the config table lists every Pulumi.yaml key with its type, default and description, in order", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs/components.md"), "utf8");
  const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(doc);
  expect(table).not.toBeNull();
  const rows = table![1]
    .split("\n")
    .slice(2)
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| |`| \|$/g, "")));
  const expected = Object.entries(readProjectFile(ROOT).config).map(([key, spec]) => [key, spec.type, JSON.stringify(spec.default), spec.description]);
  expect(rows).toEqual(expected);
});
