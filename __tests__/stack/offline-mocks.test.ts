// The offline mocks answer only what they know: anything else is a loud, specific error.
import { createMocks } from "../../offline/mocks";

const mocks = createMocks({ region: "eu-west-1", accountId: "210987654321" });

test("an invoke the mocks do not know fails, naming it and where to add it", () => {
  expect(() => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: "" })).toThrow(
    "The offline mocks do not answer the invoke aws:ec2/getAmi:getAmi: add it to offline/mocks.ts",
  );
});

test("ARNs follow the configured region and account", () => {
  const key = mocks.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true }) as unknown as { state: { arn: string } };
  expect(key.state.arn).toMatch(/^arn:aws:kms:eu-west-1:210987654321:key\/[0-9a-f-]{36}$/);
  expect(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: "" })).toMatchObject({ region: "eu-west-1" });
});

test("a type without a minter echoes its inputs; components get no id", () => {
  expect(mocks.newResource({ type: "aws:ec2/eip:Eip", name: "ip", inputs: { domain: "vpc" }, custom: true })).toEqual({
    id: expect.stringMatching(/^ip-[0-9a-f]{8}$/),
    state: { domain: "vpc" },
  });
  expect(mocks.newResource({ type: "my:component:Thing", name: "c", inputs: {}, custom: false })).toEqual({ id: undefined, state: {} });
});
