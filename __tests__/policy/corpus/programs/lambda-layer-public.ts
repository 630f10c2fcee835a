// Lambda layer shared with every account
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Expectation } from "../support";

const layer = new aws.lambda.LayerVersion("libs", { layerName: "libs", code: new pulumi.asset.AssetArchive({ "x.js": new pulumi.asset.StringAsset("exports.x = 1;") }) });
new aws.lambda.LayerVersionPermission("share", {
  layerName: layer.layerName,
  versionNumber: layer.version.apply(Number),
  principal: "*",
  action: "lambda:GetLayerVersion",
  statementId: "all",
});

export const expected: Expectation = { policy: "public-endpoint-access", level: "mandatory" };
