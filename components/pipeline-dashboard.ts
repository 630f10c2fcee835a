import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts } from "./arg-checks";
import { awsContext } from "./aws-context";

/** Free tier: 3 dashboards with up to 50 metrics each. */
export const DASHBOARD_MAX_METRICS = 50;

export interface PipelineDashboardArgs {
  /** The image function (AWS/Lambda metrics). */
  readonly functionName: pulumi.Input<string>;
  /** Its on-failure queue (AWS/SQS metrics). */
  readonly failureQueueName: pulumi.Input<string>;
  /** The images bucket (AWS/S3 daily storage metrics). */
  readonly bucketName: pulumi.Input<string>;
  /** Powertools namespace and service (`service` dimension) the handler emits its metrics under. */
  readonly metricsNamespace: string;
  readonly serviceName: string;
  /** Alarms shown in the alarm-status widget. */
  readonly alarmArns: pulumi.Input<string>[];
  /** Dashboard name. Default `<name>-<stack>`. */
  readonly dashboardName?: string;
}

/** The resolved values a dashboard body is built from. */
export interface DashboardSources {
  readonly region: string;
  readonly functionName: string;
  readonly failureQueueName: string;
  readonly bucketName: string;
  readonly metricsNamespace: string;
  readonly serviceName: string;
  readonly alarmArns: string[];
}

/** A CloudWatch metric row: namespace, metric, dimension name/value pairs, then rendering options. */
export type MetricRow = (string | { stat?: string; label?: string; period?: number })[];

export interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { title: string; region: string; view: "timeSeries"; stacked: false; period: number; stat: string; metrics: MetricRow[] };
}

export interface AlarmWidget {
  readonly type: "alarm";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { title: string; alarms: string[] };
}

export type DashboardWidget = MetricWidget | AlarmWidget;

export interface DashboardBody {
  readonly widgets: DashboardWidget[];
}

const WIDTH = 12;
const HEIGHT = 6;

/**
 * The dashboard as data: one widget per question an operator asks (is it running, failing,
 * slow, throttled, how long uploads wait, are failures piling up, what did it do, how full is the bucket, what is alarming).
 */
export function pipelineDashboardBody(d: DashboardSources): DashboardBody {
  const fn = ["FunctionName", d.functionName];
  const queue = ["QueueName", d.failureQueueName];
  const service = ["service", d.serviceName];
  const panels: { title: string; stat: string; period: number; metrics: MetricRow[] }[] = [
    {
      title: "Invocations and errors",
      stat: "Sum",
      period: 300,
      metrics: [
        ["AWS/Lambda", "Invocations", ...fn, { label: "Invocations" }],
        ["AWS/Lambda", "Errors", ...fn, { label: "Errors" }],
      ],
    },
    {
      title: "Duration (ms)",
      stat: "p50",
      period: 300,
      metrics: ["p50", "p90", "p99"].map((stat) => ["AWS/Lambda", "Duration", ...fn, { stat, label: stat }]),
    },
    {
      title: "Throttles and concurrency",
      stat: "Sum",
      period: 300,
      metrics: [
        ["AWS/Lambda", "Throttles", ...fn, { label: "Throttles" }],
        ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum", label: "Concurrent executions (max)" }],
      ],
    },
    {
      // How long uploads wait in Lambda's asynchronous queue, and how many it dropped (docs/capacity.md).
      title: "Async queue: event age (ms) and dropped events",
      stat: "Sum",
      period: 300,
      metrics: [
        ["AWS/Lambda", "AsyncEventAge", ...fn, { stat: "Maximum", label: "Oldest event invoked (ms)" }],
        ["AWS/Lambda", "AsyncEventsReceived", ...fn, { label: "Events received" }],
        ["AWS/Lambda", "AsyncEventsDropped", ...fn, { label: "Events dropped" }],
      ],
    },
    {
      title: "Failure queue",
      stat: "Maximum",
      period: 300,
      metrics: [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", ...queue, { label: "Failed uploads waiting" }],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", ...queue, { label: "Oldest failure (s)" }],
      ],
    },
    {
      title: "Images processed and rejected",
      stat: "Sum",
      period: 300,
      metrics: [
        [d.metricsNamespace, "ImagesProcessed", ...service, { label: "Processed" }],
        [d.metricsNamespace, "ImagesRejected", ...service, { label: "Rejected" }],
        [d.metricsNamespace, "DuplicateEvents", ...service, { label: "Duplicate events" }],
      ],
    },
    {
      title: "Images bucket size",
      stat: "Average",
      period: 86400,
      metrics: [
        ["AWS/S3", "BucketSizeBytes", "BucketName", d.bucketName, "StorageType", "StandardStorage", { label: "Bytes" }],
        ["AWS/S3", "NumberOfObjects", "BucketName", d.bucketName, "StorageType", "AllStorageTypes", { label: "Objects" }],
      ],
    },
  ];
  const widgets: DashboardWidget[] = panels.map((p, i) => ({
    type: "metric",
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { title: p.title, region: d.region, view: "timeSeries", stacked: false, period: p.period, stat: p.stat, metrics: p.metrics },
  }));
  widgets.push({ type: "alarm", x: 0, y: Math.ceil(panels.length / 2) * HEIGHT, width: 2 * WIDTH, height: HEIGHT / 2, properties: { title: "Alarms", alarms: d.alarmArns } });
  const count = metricCount({ widgets });
  if (count > DASHBOARD_MAX_METRICS) throw new Error(`The dashboard shows ${count} metrics; the free tier covers ${DASHBOARD_MAX_METRICS} per dashboard`);
  return { widgets };
}

/** Metrics a dashboard shows (what the free tier counts). */
export function metricCount(body: DashboardBody): number {
  return body.widgets.reduce((n, w) => n + (w.type === "metric" ? w.properties.metrics.length : 0), 0);
}

/** A CloudWatch dashboard of the pipeline's health, built from the components' own names. */
export class PipelineDashboard extends pulumi.ComponentResource {
  readonly dashboard: aws.cloudwatch.Dashboard;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: PipelineDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const dashboardName = args.dashboardName ?? `${name}-${pulumi.getStack()}`;
    new ArgumentConflicts("PipelineDashboard")
      .check(!/^[A-Za-z0-9_-]{1,255}$/.test(dashboardName), `dashboardName must be 1-255 letters, digits, "-" or "_", got "${dashboardName}"`)
      .throwIfAny();
    super("secure-image-pipeline:monitoring:PipelineDashboard", name, {}, opts);
    const ctx = awsContext(this);
    const body = pulumi
      .all([ctx.region, args.functionName, args.failureQueueName, args.bucketName, pulumi.all(args.alarmArns)])
      .apply(([region, functionName, failureQueueName, bucketName, alarmArns]) =>
        JSON.stringify(
          pipelineDashboardBody({ region, functionName, failureQueueName, bucketName, metricsNamespace: args.metricsNamespace, serviceName: args.serviceName, alarmArns }),
        ),
      );
    this.dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, { dashboardName, dashboardBody: body }, { parent: this });
    this.name = this.dashboard.dashboardName;
    this.registerOutputs({ name: this.name });
  }
}
