// Legitimate (class 5): layer permission with principal "*" restricted by organizationId to one org; AMI shared with this same account id.
import * as aws from "@pulumi/aws";

new aws.lambda.LayerVersionPermission("tools-layer-org", {
    layerName: "arn:aws:lambda:us-east-1:111111111111:layer:tools",
    versionNumber: 3,
    principal: "*",
    organizationId: "o-a1b2c3d4e5",
    action: "lambda:GetLayerVersion",
    statementId: "org-only",
});

new aws.ec2.AmiLaunchPermission("base-ami-self", { imageId: "ami-0fedcba9876543210", accountId: "111111111111" });

export const expected = { safe: ["tools-layer-org", "base-ami-self"], risk: 5 };
