// Principal list containing * among named accounts
import { bucket, Expectation, requiredAlarms, tlsOnlyPolicy } from "../support";

bucket("data", { policy: (b) => tlsOnlyPolicy(b, [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] }, Action: "s3:ListBucket", Resource: b.arn }]) });
requiredAlarms();

export const expected: Expectation = { policy: "resource-policy-no-public-principal", level: "mandatory" };
