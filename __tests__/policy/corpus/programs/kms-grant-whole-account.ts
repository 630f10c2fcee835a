// KMS grant to a whole account root
import * as aws from "@pulumi/aws";
import { Expectation, key, requiredAlarms } from "../support";

const k = key("data-key");
new aws.kms.Grant("partner-grant", { keyId: k.id, granteePrincipal: "arn:aws:iam::111122223333:root", operations: ["Decrypt"] });
requiredAlarms();

export const expected: Expectation = { policy: "kms-grant-least-privilege", level: "mandatory" };
