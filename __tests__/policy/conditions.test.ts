/**
 * Conditions as sets of callers: per key type, which clauses bound the caller and which admit
 * callers nobody named; CIDR unions over both address families; web-identity claims.
 */
import fc from "fast-check";
import { coveredFamilies, coversFamily, parseCidr } from "../../policy-pack/lib/cidr";
import { callerBounds, clauseBound, conditionVerdict, confinedToAccounts, hasSourceBinding, judgeArnValue, keyType, parseOperator } from "../../policy-pack/lib/conditions";
import { grantsPublicAccess } from "../../policy-pack/lib/policy-document";
import { identifyingClaim, openClaims, pinsClaim } from "../../policy-pack/lib/web-identity";
import { UNKNOWN } from "../../policy-pack/lib/values";

const restricts = (condition: unknown) => conditionVerdict(condition).restrictsPrincipal;
const OWN = "111111111111";

describe("CIDR sets", () => {
  it("parses IPv4, IPv6 and single addresses into ranges", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ family: "ipv4", first: 0x0a000000n, last: 0x0affffffn });
    expect(parseCidr("10.1.2.3/8")).toEqual({ family: "ipv4", first: 0x0a000000n, last: 0x0affffffn });
    expect(parseCidr("203.0.113.7")).toEqual({ family: "ipv4", first: 0xcb007107n, last: 0xcb007107n });
    expect(parseCidr("::/0")).toEqual({ family: "ipv6", first: 0n, last: (1n << 128n) - 1n });
    expect(parseCidr("2001:db8::/32")?.first).toBe(0x20010db8n << 96n);
    expect(parseCidr("::ffff:1.2.3.4")?.first).toBe((0xffffn << 32n) | 0x01020304n);
    for (const bad of ["10.0.0.0/33", "256.0.0.0/8", "1.2.3/8", "10.0.0.0/x", "1::2::3", "gggg::/16", "1.2.3.4/8/9", "", "::/129"])
      expect([bad, parseCidr(bad)]).toEqual([bad, undefined]);
  });

  it("knows when a union covers a whole family", () => {
    expect(coveredFamilies(["0.0.0.0/0"])).toEqual(["ipv4"]);
    expect(coveredFamilies(["0.0.0.0/1", "128.0.0.0/1"])).toEqual(["ipv4"]);
    expect(coveredFamilies(["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2", "::/1", "8000::/1"])).toEqual(["ipv4", "ipv6"]);
    expect(coveredFamilies(["0.0.0.0/1", "128.0.0.0/2"])).toEqual([]);
    expect(coveredFamilies(["::/1"])).toEqual([]);
    expect(coveredFamilies(["10.0.0.0/8", "192.168.0.0/16"])).toEqual([]);
    expect(coveredFamilies(["0.0.0.0/1", "0.0.0.0/1", "64.0.0.0/3", "128.0.0.0/1"])).toEqual(["ipv4"]);
  });

  it("agrees with counting addresses for any split of the IPv4 space (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 6 })), { maxLength: 80 }), (blocks) => {
        const cidrs = blocks.map(([address, prefix]) => `${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join(".")}/${prefix}`);
        const ranges = cidrs.map((c) => parseCidr(c)!);
        // With prefixes up to /6 the space has 64 blocks of /6; it is covered when every one is.
        const covered = Array.from({ length: 64 }, (_, i) => BigInt(i) << 26n).every((start) => ranges.some((r) => r.first <= start && start + (1n << 26n) - 1n <= r.last));
        expect(coversFamily(ranges, "ipv4")).toBe(covered);
      }),
      { seed: 1804, numRuns: 300 },
    );
  });
});

describe("operators", () => {
  it("splits set prefix, base operator and IfExists", () => {
    expect(parseOperator("ForAnyValue:StringLikeIfExists")).toEqual({ base: "stringlike", set: "foranyvalue", ifExists: true });
    expect(parseOperator("Null")).toEqual({ base: "null", set: "", ifExists: false });
    expect(parseOperator("forallvalues:StringEquals")).toEqual({ base: "stringequals", set: "forallvalues", ifExists: false });
  });
});

describe("conditions as sets of callers, per key type", () => {
  it("types keys case-insensitively, encryption-context ARNs included", () => {
    expect([
      keyType("AWS:SourceArn"),
      keyType("aws:PrincipalOrgPaths"),
      keyType("kms:EncryptionContext:aws:logs:arn"),
      keyType("aws:SecureTransport"),
      keyType("aws:ResourceAccount"),
    ]).toEqual(["arn", "organization-path", "arn", undefined, undefined]);
  });

  it("bounds accounts by literal ids; wildcards under StringLike admit accounts nobody named", () => {
    expect(clauseBound("StringEquals", "aws:PrincipalAccount", OWN)).toEqual({ key: "aws:PrincipalAccount", type: "account", values: [OWN], accounts: [OWN] });
    expect(clauseBound("StringLike", "aws:SourceAccount", [OWN, "222222222222"])?.accounts).toEqual([OWN, "222222222222"]);
    expect(clauseBound("StringLike", "aws:SourceAccount", "1111*")).toBeUndefined();
    // StringEquals compares literally: "*" names no account, so it admits nobody.
    expect(clauseBound("StringEquals", "aws:SourceAccount", "*")).toBeDefined();
    expect(clauseBound("StringEquals", "aws:SourceAccount", "${aws:PrincipalAccount}")).toBeUndefined();
    expect(clauseBound("StringEquals", "aws:SourceAccount", [])).toBeUndefined();
    expect(clauseBound("StringEquals", "aws:SourceAccount", UNKNOWN)).toEqual({ key: "aws:SourceAccount", type: "account", values: [UNKNOWN] });
    expect(clauseBound("ArnLike", "aws:SourceAccount", OWN)).toBeUndefined();
  });

  it("negated operators, IfExists, ForAllValues and Null never bound", () => {
    for (const operator of ["StringNotEquals", "StringNotLike", "StringEqualsIfExists", "ForAllValues:StringEquals", "Null", "Bool", "NumericEquals"]) {
      expect([operator, clauseBound(operator, "aws:PrincipalAccount", OWN)]).toEqual([operator, undefined]);
    }
    expect(clauseBound("ArnNotLike", "aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:t")).toBeUndefined();
    expect(clauseBound("NotIpAddress", "aws:SourceIp", "10.0.0.0/8")).toBeUndefined();
    expect(clauseBound("ForAnyValue:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")).toBeDefined();
  });

  it("bounds organizations and organization paths by a literal org id", () => {
    expect(clauseBound("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")).toBeDefined();
    expect(clauseBound("StringLike", "aws:PrincipalOrgID", "o-*")).toBeUndefined();
    expect(clauseBound("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/*")).toBeDefined();
    expect(clauseBound("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-*/r-ab12/*")).toBeUndefined();
    expect(clauseBound("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "*")).toBeUndefined();
  });

  it("judges ARN patterns by what they can match: the account field decides", () => {
    const arn = (value: string, operator = "arnlike") => judgeArnValue(value, operator);
    expect(arn("arn:aws:sns:us-east-1:111111111111:alerts")).toEqual({ bounded: true, account: OWN });
    expect(arn("arn:aws:sns:*:111111111111:*")).toEqual({ bounded: true, account: OWN });
    expect(arn("arn:aws:sns:*:*:alerts")).toEqual({ bounded: false });
    expect(arn("arn:aws:iam::*:role/deployer")).toEqual({ bounded: false });
    expect(arn("arn:aws:iam::1111*:role/deployer")).toEqual({ bounded: false });
    expect(arn("arn:aws:s3:::uploads-bucket")).toEqual({ bounded: true });
    expect(arn("arn:aws:s3:::uploads-*")).toEqual({ bounded: false });
    expect(arn("arn:aws:s3:::uploads/*")).toEqual({ bounded: true });
    expect(arn("arn:aws:sns:*")).toEqual({ bounded: false });
    expect(arn("*")).toEqual({ bounded: false });
    // StringLike is judged field by field too; fewer than six fields is unprovable.
    expect(arn("arn:aws:sns:us-east-1:111111111111:*", "stringlike")).toEqual({ bounded: true, account: OWN });
    expect(arn("arn:aws:cloudtrail:*:111111111111:trail/*", "stringlike")).toEqual({ bounded: true, account: OWN });
    expect(arn("arn:aws:sns:us-east-1:*", "stringlike")).toEqual({ bounded: false });
    expect(arn("arn:aws:s3:::uploads/*", "stringlike")).toEqual({ bounded: true });
    expect(arn("arn:aws:s3:::uploads*", "stringlike")).toEqual({ bounded: false });
    // StringEquals is literal: a "*" in it matches only a "*".
    expect(arn("arn:aws:sns:*:*:alerts", "stringequals")).toEqual({ bounded: true });
  });

  it("bounds IP keys by IpAddress unless the union covers a whole family", () => {
    expect(clauseBound("IpAddress", "aws:SourceIp", ["10.0.0.0/16", "192.168.10.0/24"])).toBeDefined();
    expect(clauseBound("IpAddress", "aws:SourceIp", ["0.0.0.0/1", "128.0.0.0/1"])).toBeUndefined();
    expect(clauseBound("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "::/1", "8000::/1"])).toBeUndefined();
    expect(clauseBound("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "not-a-cidr"])).toBeUndefined();
    expect(clauseBound("StringEquals", "aws:SourceIp", "203.0.113.7")).toBeUndefined();
  });

  it("bounds networks and principal ids by literal values", () => {
    expect(clauseBound("StringEquals", "aws:SourceVpce", "vpce-0a1b2c3d")).toBeDefined();
    expect(clauseBound("StringLike", "aws:SourceVpce", "vpce-*")).toBeUndefined();
    expect(clauseBound("StringLike", "aws:SourceVpc", "vpc-0a1b*")).toBeUndefined();
    expect(clauseBound("StringLike", "aws:userid", "AROAEXAMPLEID:*")).toBeDefined();
    expect(clauseBound("StringLike", "aws:userid", "AROA*")).toBeUndefined();
    expect(clauseBound("StringEquals", "aws:username", "${aws:username}")).toBeUndefined();
  });

  it("ANDs keys (one bounding clause bounds) and ORs values (every value must bound)", () => {
    expect(restricts({ StringLike: { "aws:SourceVpce": "vpce-*" }, StringEquals: { "aws:PrincipalAccount": OWN } })).toBe(true);
    expect(restricts({ StringEquals: { "aws:SourceVpce": ["vpce-1", "vpce-2"] } })).toBe(true);
    expect(restricts({ StringLike: { "aws:SourceVpce": ["vpce-1", "vpce-*"] } })).toBe(false);
    expect(conditionVerdict({ ArnLike: { "aws:SourceArn": "arn:aws:s3:::b" }, Bool: { "aws:SecureTransport": "true" } })).toEqual({
      restrictsPrincipal: true,
      restrictingKeys: ["aws:SourceArn"],
    });
    expect(callerBounds({ StringEquals: "aws:SourceAccount" })).toEqual([]);
    expect(callerBounds(undefined)).toEqual([]);
    expect(callerBounds([{ StringEquals: { "aws:SourceAccount": OWN } }])).toEqual([]);
    expect(callerBounds({ StringEquals: null })).toEqual([]);
  });

  it("confines to accounts only by accounts it knows, or an organization", () => {
    const allowed = new Set([OWN]);
    expect(confinedToAccounts({ StringEquals: { "aws:PrincipalAccount": OWN } }, allowed)).toBe(true);
    expect(confinedToAccounts({ StringEquals: { "aws:PrincipalAccount": "222222222222" } }, allowed)).toBe(false);
    expect(confinedToAccounts({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/ci-*` } }, allowed)).toBe(true);
    expect(confinedToAccounts({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci-*" } }, allowed)).toBe(false);
    expect(confinedToAccounts({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }, allowed)).toBe(true);
    expect(confinedToAccounts({ StringEquals: { "aws:SourceVpce": "vpce-1" } }, allowed)).toBe(false);
  });

  it("binds service principals only through source keys", () => {
    expect(hasSourceBinding({ ArnEquals: { "aws:SourceArn": `arn:aws:sns:us-east-1:${OWN}:t` } })).toBe(true);
    expect(hasSourceBinding({ StringEquals: { "AWS:SourceOwner": OWN } })).toBe(true);
    expect(hasSourceBinding({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${OWN}:log-group:*` } })).toBe(true);
    expect(hasSourceBinding({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:alerts" } })).toBe(false);
    expect(hasSourceBinding({ StringEquals: { "aws:PrincipalAccount": OWN } })).toBe(false);
    expect(hasSourceBinding({ Bool: { "aws:SecureTransport": "true" } })).toBe(false);
  });

  it("feeds public-access judgement", () => {
    expect(grantsPublicAccess({ Effect: "Allow", Principal: "*", Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"] } } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": OWN } } })).toBe(true);
    expect(grantsPublicAccess({ Effect: "Allow", Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })).toBe(false);
  });
});

describe("web-identity trust", () => {
  const github = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
  const trust = (condition?: Record<string, Record<string, unknown>>) => ({
    Effect: "Allow",
    Principal: { Federated: github },
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(condition ? { Condition: condition } : {}),
  });

  it("names the claim that identifies the workload per provider", () => {
    expect(identifyingClaim(github)).toBe("token.actions.githubusercontent.com:sub");
    expect(identifyingClaim("arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC")).toBe("oidc.eks.us-east-1.amazonaws.com/id/ABC:sub");
    expect(identifyingClaim("cognito-identity.amazonaws.com")).toBe("cognito-identity.amazonaws.com:aud");
    expect(identifyingClaim("www.amazon.com")).toBe("www.amazon.com:app_id");
    expect(identifyingClaim("arn:aws:iam::1:saml-provider/corp")).toBeUndefined();
  });

  it("requires the claim pinned to literal values", () => {
    const sub = "token.actions.githubusercontent.com:sub";
    expect(openClaims(trust({ StringEquals: { [sub]: "repo:org/app:ref:refs/heads/main" } }))).toEqual([]);
    expect(openClaims(trust({ StringEquals: { "Token.Actions.GithubUserContent.com:Sub": "repo:org/app:environment:prod" } }))).toEqual([]);
    expect(openClaims(trust())).toEqual([sub]);
    expect(openClaims(trust({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }))).toEqual([sub]);
    for (const value of ["repo:*", "repo:org/*", "repo:org/app:*", "repo:*:ref:refs/heads/main"])
      expect([value, openClaims(trust({ StringLike: { [sub]: value } }))]).toEqual([value, [sub]]);
    expect(pinsClaim({ StringEqualsIfExists: { [sub]: "repo:org/app:ref:refs/heads/main" } }, sub)).toBe(false);
    expect(pinsClaim({ "ForAllValues:StringEquals": { [sub]: "repo:org/app:ref:refs/heads/main" } }, sub)).toBe(false);
    expect(pinsClaim({ StringEquals: { [sub]: [] } }, sub)).toBe(false);
    expect(openClaims({ ...trust(), Effect: "Deny" })).toEqual([]);
  });
});
