/** EncryptedTable under mocks: proves the table settings requested, not DynamoDB's behaviour. */
import { EncryptedTable } from "../../components";
import { single } from "../../offline/records";
import { ProgramRun, runProgram } from "../../offline/run-program";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram({
    program: () => {
      const records = new EncryptedTable("records");
      const strict = new EncryptedTable("strict", {
        kmsKeyArn: KEY,
        pointInTimeRecovery: false,
        deletionProtection: true,
        readCapacity: 10,
        writeCapacity: 2,
        ttlAttribute: "ttl",
      });
      return { records: records.arn, strict: strict.arn };
    },
  });
}, 120_000);

test("defaults: pk/sk strings, TTL on expiresAt, PITR on, AWS-managed encryption, 5/5 provisioned (free tier)", () => {
  expect(single(run, "aws:dynamodb/table:Table", "records-table").inputs).toEqual({
    billingMode: "PROVISIONED",
    readCapacity: 5,
    writeCapacity: 5,
    hashKey: "pk",
    rangeKey: "sk",
    attributes: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    ttl: { attributeName: "expiresAt", enabled: true },
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: false,
  });
});

test("overrides win: CMK, no PITR, deletion protection, capacity, TTL attribute", () => {
  expect(single(run, "aws:dynamodb/table:Table", "strict-table").inputs).toMatchObject({
    readCapacity: 10,
    writeCapacity: 2,
    ttl: { attributeName: "ttl", enabled: true },
    pointInTimeRecovery: { enabled: false },
    serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
    deletionProtectionEnabled: true,
  });
});

test("the component exposes the table's real name and ARN", () => {
  const table = single(run, "aws:dynamodb/table:Table", "records-table");
  expect(single(run, "secure-image-pipeline:data:EncryptedTable", "records").outputs).toEqual({ name: table.outputs.name, arn: table.outputs.arn });
  expect(table.outputs.arn).toBe(`arn:aws:dynamodb:us-east-1:123456789012:table/${table.outputs.name}`);
});

test("capacity beyond the free tier and clashing attributes are reported together", () => {
  expect(() => new EncryptedTable("bad", { readCapacity: 40001, hashKey: "id", rangeKey: "id", ttlAttribute: "id" })).toThrow(
    'EncryptedTable: invalid arguments:\n- readCapacity must be a whole number from 1 to 40000, got 40001\n- hashKey and rangeKey must differ, both are "id"\n- ttlAttribute "id" must not be a key attribute',
  );
});
