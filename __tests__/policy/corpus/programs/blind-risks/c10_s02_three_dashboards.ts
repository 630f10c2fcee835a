// Legitimate (class 10): exactly three CloudWatch dashboards (within the always-free allowance).
import * as aws from "@pulumi/aws";

const body = JSON.stringify({ widgets: [{ type: "text", x: 0, y: 0, width: 6, height: 3, properties: { markdown: "ops" } }] });
new aws.cloudwatch.Dashboard("dash-app", { dashboardName: "image-app", dashboardBody: body });
new aws.cloudwatch.Dashboard("dash-cost", { dashboardName: "image-cost", dashboardBody: body });
new aws.cloudwatch.Dashboard("dash-security", { dashboardName: "image-security", dashboardBody: body });

export const expected = { safe: ["dash-app", "dash-cost", "dash-security"], risk: 10 };
