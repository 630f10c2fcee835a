/**
 * docs/operations.md recommends the state backend the security policy allows ("no data leaves
 * AWS"): the first backend it tells a reader to log in to is the self-managed S3 one, under the
 * stack's KMS secrets provider, and it lists what Pulumi Cloud would store outside AWS.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const GUIDE = fs.readFileSync(path.resolve(__dirname, "../../docs/operations.md"), "utf8");
const section = (heading: string) => {
  const start = GUIDE.indexOf(`## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = GUIDE.indexOf("\n## ", start + 1);
  return GUIDE.slice(start, end < 0 ? undefined : end);
};

it("the deploy steps and the state section lead with the S3 backend and the KMS secrets provider", () => {
  for (const heading of ["Deploying for real", "State and secrets encryption"]) {
    const text = section(heading);
    const logins = [...text.matchAll(/pulumi login(?: "?([a-z0-9]+:\/\/)?)?/g)].map((m) => m[1] ?? "cloud");
    expect(logins[0]).toBe("s3://");
    expect(text.indexOf("awskms://")).toBeGreaterThanOrEqual(0);
  }
  const state = section("State and secrets encryption");
  expect(state.indexOf("awskms")).toBeLessThan(state.indexOf("Pulumi Cloud"));
});

it("says what Pulumi Cloud stores outside AWS: the state file, its history, and secrets as ciphertext only under awskms", () => {
  const state = section("State and secrets encryption");
  const list = state.slice(state.indexOf("What Pulumi Cloud would store outside AWS"));
  for (const fact of ["whole state file", "update history", "ciphertext", "alert e-mail addresses", "stack output"]) expect(list).toContain(fact);
});
