// getPolicyDocumentOutput whose own statement replaces, by Sid, the broad statement of its source document
import * as aws from "@pulumi/aws";
import { Expectation } from "../support";

const base = aws.iam.getPolicyDocumentOutput({ statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::*/*"] }] });
const document = aws.iam.getPolicyDocumentOutput({
  sourcePolicyDocuments: [base.json],
  statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::uploads/incoming/*"] }],
});
new aws.iam.Policy("reader", { policy: document.json });

export const expected: Expectation = { clean: "iam-no-wildcard-resources" };
