/**
 * The pipeline dashboard: the exact body CloudWatch would receive (every widget's metrics), built
 * from the components' names under mocks, within the free tier's 50 metrics; and its offline
 * renderings (Markdown, SVG) show exactly those metrics. Whether CloudWatch draws it is not proven here.
 */
import { PipelineDashboard } from "../../components";
import { DashboardBody, metricCount, pipelineDashboardBody } from "../../components/pipeline-dashboard";
import { dashboardMarkdown, dashboardSvg, describeMetric } from "../../offline/dashboard-render";
import { single } from "../../offline/records";
import { runProgram } from "../../offline/run-program";

const SOURCES = {
  region: "us-east-1",
  functionName: "image-processor-dev",
  failureQueueName: "image-processor-failures-1a2b3c4",
  bucketName: "images-bucket-5d6e7f8",
  metricsNamespace: "SecureImagePipeline",
  serviceName: "image-pipeline",
  alarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:image-processor-errors-1", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:security-storage-2"],
};

const fn = ["FunctionName", "image-processor-dev"];
const queue = ["QueueName", "image-processor-failures-1a2b3c4"];
const service = ["service", "image-pipeline"];

test("every widget plots exactly the metrics an operator needs, under the names the stack and the handler use", () => {
  const body = pipelineDashboardBody(SOURCES);
  expect(body.widgets.map((w) => [w.type, w.properties.title, w.x, w.y, w.width, w.height])).toEqual([
    ["metric", "Invocations and errors", 0, 0, 12, 6],
    ["metric", "Duration (ms)", 12, 0, 12, 6],
    ["metric", "Throttles and concurrency", 0, 6, 12, 6],
    ["metric", "Async queue: event age (ms) and dropped events", 12, 6, 12, 6],
    ["metric", "Failure queue", 0, 12, 12, 6],
    ["metric", "Images processed and rejected", 12, 12, 12, 6],
    ["metric", "Images bucket size", 0, 18, 12, 6],
    ["alarm", "Alarms", 0, 24, 24, 3],
  ]);
  const metrics = body.widgets.map((w) => (w.type === "metric" ? [w.properties.stat, w.properties.period, w.properties.region, w.properties.metrics] : w.properties.alarms));
  expect(metrics).toEqual([
    [
      "Sum",
      300,
      "us-east-1",
      [
        ["AWS/Lambda", "Invocations", ...fn, { label: "Invocations" }],
        ["AWS/Lambda", "Errors", ...fn, { label: "Errors" }],
      ],
    ],
    ["p50", 300, "us-east-1", ["p50", "p90", "p99"].map((stat) => ["AWS/Lambda", "Duration", ...fn, { stat, label: stat }])],
    [
      "Sum",
      300,
      "us-east-1",
      [
        ["AWS/Lambda", "Throttles", ...fn, { label: "Throttles" }],
        ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum", label: "Concurrent executions (max)" }],
      ],
    ],
    [
      "Sum",
      300,
      "us-east-1",
      [
        ["AWS/Lambda", "AsyncEventAge", ...fn, { stat: "Maximum", label: "Oldest event invoked (ms)" }],
        ["AWS/Lambda", "AsyncEventsReceived", ...fn, { label: "Events received" }],
        ["AWS/Lambda", "AsyncEventsDropped", ...fn, { label: "Events dropped" }],
      ],
    ],
    [
      "Maximum",
      300,
      "us-east-1",
      [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", ...queue, { label: "Failed uploads waiting" }],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...queue, { label: "Oldest failure (s)" }],
      ],
    ],
    [
      "Sum",
      300,
      "us-east-1",
      [
        ["SecureImagePipeline", "ImagesProcessed", ...service, { label: "Processed" }],
        ["SecureImagePipeline", "ImagesRejected", ...service, { label: "Rejected" }],
        ["SecureImagePipeline", "DuplicateEvents", ...service, { label: "Duplicate events" }],
      ],
    ],
    [
      "Average",
      86400,
      "us-east-1",
      [
        ["AWS/S3", "BucketSizeBytes", "BucketName", "images-bucket-5d6e7f8", "StorageType", "StandardStorage", { label: "Bytes" }],
        ["AWS/S3", "NumberOfObjects", "BucketName", "images-bucket-5d6e7f8", "StorageType", "AllStorageTypes", { label: "Objects" }],
      ],
    ],
    SOURCES.alarmArns,
  ]);
  expect(metricCount(body)).toBe(17);
});

test("the handler emits the metrics the dashboard plots (Powertools, dimension service)", async () => {
  const fs = await import("node:fs");
  const upload = fs.readFileSync(require.resolve("../../handlers/upload.ts"), "utf8");
  for (const name of ["ImagesProcessed", "ImagesRejected", "DuplicateEvents"]) expect(upload).toContain(`addMetric("${name}"`);
});

test("the stack's dashboard is built from the components' outputs", async () => {
  const run = await runProgram({ stack: "dev" });
  const dashboard = single(run, "aws:cloudwatch/dashboard:Dashboard");
  const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as DashboardBody;
  const functionName = single(run, "aws:lambda/function:Function").outputs.name;
  const queueName = single(run, "aws:sqs/queue:Queue").outputs.name;
  const bucket = single(run, "aws:s3/bucket:Bucket", "images-bucket").outputs.bucket;
  const alarms = [
    "image-processor-errors",
    "image-processor-throttles",
    "image-processor-failed-uploads",
    "image-processor-event-age",
    "image-processor-dropped-events",
    "security-storage",
  ].map((name) => single(run, "aws:cloudwatch/metricAlarm:MetricAlarm", name).outputs.arn);
  expect(dashboard.inputs.dashboardName).toBe("image-pipeline-dev");
  expect(body).toEqual(
    pipelineDashboardBody({ ...SOURCES, functionName: String(functionName), failureQueueName: String(queueName), bucketName: String(bucket), alarmArns: alarms.map(String) }),
  );
  expect(alarms).toHaveLength(6);
}, 120_000);

test("a dashboard name CloudWatch would refuse is refused before deploy", () => {
  expect(() => new PipelineDashboard("x", { ...SOURCES, dashboardName: "bad name!", alarmArns: [] })).toThrow(/dashboardName must be 1-255 letters/);
});

describe("offline renderings", () => {
  const body = pipelineDashboardBody(SOURCES);

  test("Markdown: one table row per metric, with statistic and dimensions; the alarm list", () => {
    const md = dashboardMarkdown("image-pipeline-dev", body);
    expect(md).toContain("8 widgets, 17 metrics (free tier: 3 dashboards, 50 metrics each).");
    expect(md).toContain("#### Duration (ms) (grid 12,0 size 12x6, period 5 min)");
    expect(md).toContain("| p99 | AWS/Lambda | Duration | FunctionName=image-processor-dev | p99 |");
    expect(md).toContain("| Bytes | AWS/S3 | BucketSizeBytes | BucketName=images-bucket-5d6e7f8, StorageType=StandardStorage | Average |");
    expect(md).toContain("#### Images bucket size (grid 0,18 size 12x6, period 1 d)");
    expect(md).toContain("- `image-processor-errors-1`");
    const rows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Label") && !l.startsWith("| ---"));
    expect(rows).toHaveLength(metricCount(body));
  });

  test("SVG: a panel per widget, every metric labelled, text escaped", () => {
    const svg = dashboardSvg("a<b", body);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="1012"')).toBe(true);
    expect(svg.match(/<g>/g)).toHaveLength(body.widgets.length);
    expect(svg).toContain("a&lt;b");
    expect(svg).toContain("— Failed uploads waiting: AWS/SQS ApproximateNumberOfMessagesVisible (Maximum)");
    expect(svg).toContain("● security-storage-2");
  });

  test("describeMetric applies the widget's statistic unless the row names its own", () => {
    expect(describeMetric(["AWS/Lambda", "Errors", "FunctionName", "f"], { stat: "Sum" })).toEqual({
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions: "FunctionName=f",
      stat: "Sum",
      label: "Errors",
    });
    expect(describeMetric(["AWS/Lambda", "Duration", "FunctionName", "f", { stat: "p99" }], { stat: "p50" }).stat).toBe("p99");
  });
});
