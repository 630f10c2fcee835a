// Misconfigured (class 5): Lambda layer version permission with principal "*" and no organizationId — anyone can pull the layer.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const layer = new aws.lambda.LayerVersion("shared-libs", {
    layerName: "shared-libs",
    code: new pulumi.asset.AssetArchive({ "nodejs/lib.js": new pulumi.asset.StringAsset("module.exports = {};") }),
    compatibleRuntimes: ["nodejs20.x"],
});

new aws.lambda.LayerVersionPermission("shared-libs-public", {
    layerName: layer.layerName,
    versionNumber: layer.version.apply(v => Number(v)),
    principal: "*",
    action: "lambda:GetLayerVersion",
    statementId: "public",
});

export const expected = { risky: ["shared-libs-public"], level: "mandatory", risk: 5 };
