// KMS grant that lets the grantee create further grants
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT, Expectation, key, requiredAlarms } from "../support";

const k = key("data-key");
new aws.kms.Grant("app-grant", { keyId: k.id, granteePrincipal: pulumi.interpolate`arn:aws:iam::${ACCOUNT}:role/app`, operations: ["Decrypt", "CreateGrant"] });
requiredAlarms();

export const expected: Expectation = { policy: "kms-grant-least-privilege", level: "mandatory" };
