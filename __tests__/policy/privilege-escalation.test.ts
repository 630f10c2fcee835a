/**
 * iam-no-privilege-escalation (escalation paths kept as data, each with its source) and
 * iam-no-user-access-keys.
 */
import { ESCALATION_PATHS } from "../../policy-pack/lib/escalation-paths";
import { iamNoPrivilegeEscalation, iamNoUserAccessKeys, pathHeld } from "../../policy-pack/policies/privilege-escalation";
import { ACCOUNT, res, verdicts } from "./fixtures";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/worker`;
const pathOf = (id: string) => ESCALATION_PATHS.find((p) => p.id === id)!;
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

describe("escalation paths", () => {
  it("name a public source for every row", () => {
    expect(ESCALATION_PATHS.length).toBeGreaterThanOrEqual(20);
    for (const path of ESCALATION_PATHS) expect([path.id, path.source]).toEqual([path.id, expect.stringMatching(/^https:\/\/rhinosecuritylabs\.com\/.+ \(method \d+\)$/)]);
  });

  it("hold IAM writes on every resource, a pattern, or the principal itself; not on named others", () => {
    const put = pathOf("rhino-12");
    expect(pathHeld(put, [allow("iam:PutRolePolicy", "*")], [])).toEqual([0]);
    expect(pathHeld(put, [allow("IAM:putrolepolicy", "arn:aws:iam::1:role/app-*")], [])).toEqual([0]);
    expect(pathHeld(put, [allow("iam:Put*", ROLE_ARN)], [ROLE_ARN])).toEqual([0]);
    expect(pathHeld(put, [allow("iam:PutRolePolicy", "arn:aws:iam::1:role/other")], [ROLE_ARN])).toBeUndefined();
    expect(pathHeld(put, [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }], [])).toEqual([0]);
    // A policy variable names the caller itself: managing one's own keys is not escalation.
    expect(pathHeld(pathOf("rhino-4"), [allow("iam:CreateAccessKey", "arn:aws:iam::1:user/${aws:username}")], [])).toBeUndefined();
    // A Deny on "*" removes the action.
    expect(pathHeld(put, [allow("iam:*", "*"), { Effect: "Deny", Action: "iam:PutRolePolicy", Resource: "*" }], [])).toBeUndefined();
  });

  it("hold PassRole paths only with iam:PassRole on a role pattern and the compute action", () => {
    const lambda = pathOf("rhino-15");
    expect(pathHeld(lambda, [allow("lambda:CreateFunction", "arn:aws:lambda:us-east-1:1:function:x"), allow("iam:PassRole", "*")], [])).toEqual([1, 0]);
    expect(
      pathHeld(
        lambda,
        [
          allow("lambda:CreateFunction", "*"),
          allow("iam:PassRole", "arn:aws:iam::1:role/exec", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }),
        ],
        [],
      ),
    ).toBeUndefined();
    expect(pathHeld(lambda, [allow("iam:PassRole", "*")], [])).toBeUndefined();
    // Code updates escalate on every function, not on named ones.
    expect(pathHeld(pathOf("rhino-17"), [allow("lambda:UpdateFunctionCode", "*")], [])).toEqual([0]);
    expect(pathHeld(pathOf("rhino-17"), [allow("lambda:UpdateFunctionCode", "arn:aws:lambda:us-east-1:1:function:image-*")], [])).toBeUndefined();
  });
});

describe("iam-no-privilege-escalation", () => {
  it("fails a role policy that can rewrite its own role, found through the role's name", async () => {
    const role = res("aws:iam/role:Role", "worker", { name: "worker", arn: ROLE_ARN });
    const own = res("aws:iam/rolePolicy:RolePolicy", "own", { role: "worker", policy: doc(allow("iam:AttachRolePolicy", ROLE_ARN)) });
    const other = res("aws:iam/rolePolicy:RolePolicy", "other", { role: "worker", policy: doc(allow("iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/another`)) });
    const found = await verdicts([iamNoPrivilegeEscalation], [role, own, other]);
    expect(found.map((v) => [v.urn.split("::").pop(), v.enforcementLevel])).toEqual([["own", "mandatory"]]);
    expect(found[0].message).toContain("attach a managed policy to a role: iam:AttachRolePolicy");
  });
});

describe("iam-no-user-access-keys", () => {
  it("flags every IAM user access key, at advisory level", async () => {
    const found = await verdicts([iamNoUserAccessKeys], [res("aws:iam/accessKey:AccessKey", "ci-key", { user: "ci" }), res("aws:iam/user:User", "ci", {})]);
    expect(found.map((v) => [v.urn.split("::").pop(), v.enforcementLevel])).toEqual([["ci-key", "advisory"]]);
  });
});
