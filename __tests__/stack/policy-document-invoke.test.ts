/**
 * The offline answer to aws:iam/getPolicyDocument, and the planner's single error naming the
 * cause of a failed program.
 */
import { policyDocumentOf, statementOf } from "../../offline/policy-document-invoke";
import { UnansweredInvokeError } from "../../offline/mocks";
import { programFailure } from "../../offline/run-program";

describe("getPolicyDocument answered offline", () => {
  it("builds statements as the provider writes them: single values as strings, principals and conditions grouped", () => {
    expect(
      statementOf({
        sid: "S",
        effect: "Deny",
        actions: ["s3:*"],
        notResources: ["arn:aws:s3:::a", "arn:aws:s3:::b"],
        principals: [
          { type: "AWS", identifiers: ["arn:aws:iam::1:root"] },
          { type: "AWS", identifiers: ["arn:aws:iam::2:root"] },
          { type: "Service", identifiers: ["s3.amazonaws.com"] },
        ],
        conditions: [
          { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
          { test: "Bool", variable: "aws:ViaAWSService", values: ["false"] },
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["1", "2"] },
        ],
      }),
    ).toEqual({
      Sid: "S",
      Effect: "Deny",
      Action: "s3:*",
      NotResource: ["arn:aws:s3:::a", "arn:aws:s3:::b"],
      Principal: { AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"], Service: "s3.amazonaws.com" },
      Condition: { Bool: { "aws:SecureTransport": "false", "aws:ViaAWSService": "false" }, StringEquals: { "aws:SourceAccount": ["1", "2"] } },
    });
    expect(statementOf({ notActions: ["iam:*"], resources: ["*"], notPrincipals: [{ type: "*", identifiers: ["*"] }] })).toEqual({
      Effect: "Allow",
      NotAction: "iam:*",
      Resource: "*",
      NotPrincipal: "*",
    });
    expect(statementOf({ actions: [], principals: [] })).toEqual({ Effect: "Allow" });
  });

  it("merges source documents, own statements and overrides by Sid; writes Version, Id and the JSON forms", () => {
    const source = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Effect: "Allow", Action: "sns:Publish", Resource: "*" },
      ],
    });
    const override = JSON.stringify({
      Statement: [
        { Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" },
        { Sid: "C", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      ],
    });
    const result = policyDocumentOf({
      policyId: "P",
      sourcePolicyDocuments: [source],
      overridePolicyDocuments: [override],
      statements: [
        { sid: "A", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
        { sid: "B", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] },
      ],
    });
    const document = JSON.parse(result.json);
    expect(document).toEqual({
      Version: "2012-10-17",
      Id: "P",
      Statement: [
        { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
        { Effect: "Allow", Action: "sns:Publish", Resource: "*" },
        { Sid: "B", Effect: "Deny", Action: "s3:*", Resource: "*" },
        { Sid: "C", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      ],
    });
    expect(JSON.parse(result.minifiedJson)).toEqual(document);
    expect(result.minifiedJson).not.toContain("\n");
    expect(result.id).toMatch(/^\d+$/);
    expect(policyDocumentOf({ version: "2008-10-17" }).minifiedJson).toBe(`{"Version":"2008-10-17","Statement":[]}`);
  });
});

describe("the planner's failure message", () => {
  it("names the unanswered invoke once, with the resources left unregistered", () => {
    const error = programFailure(
      [new Error(`error serializing property "bucket": `), new Error(`error serializing property "bucket": `)],
      [new UnansweredInvokeError("aws:x/y:z"), new UnansweredInvokeError("aws:x/y:z")],
      ['aws:s3/bucket:Bucket "a"'],
    );
    expect(error.message).toBe(
      `The program failed: the offline mocks do not answer the invoke aws:x/y:z (resources left unregistered: aws:s3/bucket:Bucket "a"): add it to offline/mocks.ts`,
    );
  });

  it("reports distinct program errors, dropping serialization echoes, and lists at most five resources", () => {
    const many = ["a", "b", "c", "d", "e", "f", "g"].map((n) => `T "${n}"`);
    expect(programFailure([new Error("boom"), new Error("boom"), new Error(`error serializing property "x": boom`)], [], many).message).toBe(
      `The program failed: boom (resources left unregistered: T "a", T "b", T "c", T "d", T "e", and 2 more)`,
    );
    expect(programFailure([new Error(`error serializing property "x": `), new Error(`error serializing property "y": `)], [], []).message).toBe(
      `The program failed: error serializing property "x": `,
    );
  });
});
