// getPolicyDocument output with s3:PutObject on arn:aws:s3:::*
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const document = aws.iam.getPolicyDocumentOutput({ statements: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::*"] }] });
new aws.iam.Policy("uploader", { policy: document.json });

export const expected: Expectation = { policy: "iam-no-wildcard-resources", level: "mandatory" };
