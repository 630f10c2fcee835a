// Misconfigured (class 10): four CloudWatch dashboards created in a loop (the always-free tier covers 3).
import * as aws from "@pulumi/aws";

const body = JSON.stringify({ widgets: [{ type: "text", x: 0, y: 0, width: 6, height: 3, properties: { markdown: "ops" } }] });
const names = ["lambda", "s3", "dynamodb", "sns"];
names.forEach(n => new aws.cloudwatch.Dashboard(`dash-${n}`, { dashboardName: `image-${n}`, dashboardBody: body }));

export const expected = { risky: ["dash-lambda", "dash-s3", "dash-dynamodb", "dash-sns"], level: "advisory", risk: 10 };
