import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Severity, severityFilterPolicy } from "./alert-severity";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { awsContext } from "./aws-context";
import { PolicyStatement, policyDocument, policyJson } from "./policy-document";

export interface AlertTopicArgs {
  /** CMK that encrypts messages at rest (security policy 3.1). Required. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** IAM role ARNs allowed to publish (e.g. the Lambda role). Default none. */
  readonly publisherArns?: pulumi.Input<string>[];
  /**
   * Services allowed to publish, restricted to this account's alarms and rules with
   * `aws:SourceAccount` and `aws:SourceArn`. Default none.
   */
  readonly publisherServices?: ("cloudwatch.amazonaws.com" | "events.amazonaws.com")[];
  /** Email addresses to subscribe (each must confirm). Default none. */
  readonly emailSubscriptions?: string[];
  /**
   * Severities `emailSubscriptions` receive, through an SNS filter policy on the message body
   * (see alert-severity.ts for the two message shapes). Default: every message, unfiltered.
   */
  readonly emailSeverities?: Severity[];
  /** More email groups, each receiving only its severities (e.g. Critical to the on-call address). Default none. */
  readonly severityRoutes?: SeverityRoute[];
  /**
   * Physical topic name. Default `<name>-topic-<stack>`: fixed up front, so the topic policy is
   * built from the name, account and region, and a first `pulumi preview` can judge it whole.
   */
  readonly topicName?: string;
}

/** An email group that receives only alerts of some severities. */
export interface SeverityRoute {
  /** Alphanumeric route name, part of the subscriptions' logical names (`<topic>-<name>-email-<i>`). */
  readonly name: string;
  readonly emails: string[];
  readonly severities: Severity[];
}

const SOURCE_ARN_PATTERN: Record<string, (p: string, r: string, a: string) => string> = {
  "cloudwatch.amazonaws.com": (p, r, a) => `arn:${p}:cloudwatch:${r}:${a}:alarm:*`,
  "events.amazonaws.com": (p, r, a) => `arn:${p}:events:${r}:${a}:rule/*`,
};

/** Actions the topic owner keeps (the SNS default policy's list minus Publish and Receive). */
export const TOPIC_OWNER_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
];

/** An SNS topic encrypted with the CMK whose policy lets only the named publishers publish. */
export class AlertTopic extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = { publisherArns: [], publisherServices: [], emailSubscriptions: [], ...definedOnly(args) };
    const checks = new ArgumentConflicts("AlertTopic")
      .check(args.kmsKeyArn === undefined, "kmsKeyArn is required: topics are encrypted with the customer-managed key")
      .check(s.publisherArns.length === 0 && s.publisherServices.length === 0, "name at least one publisher (publisherArns or publisherServices)");
    for (const service of s.publisherServices) checks.check(!(service in SOURCE_ARN_PATTERN), `publisherServices: "${service}" is not supported`);
    const routes = s.severityRoutes ?? [];
    const allEmails = [...s.emailSubscriptions, ...routes.flatMap((r) => r.emails)];
    for (const email of allEmails) checks.check(!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email), `emailSubscriptions: "${email}" is not an email address`);
    const filters = new Map<string, Record<string, unknown> | undefined>();
    for (const [label, severities] of [["emailSeverities", s.emailSeverities], ...routes.map((r) => [`severityRoutes "${r.name}"`, r.severities] as const)] as const) {
      if (severities === undefined) continue;
      try {
        filters.set(label, severityFilterPolicy(severities));
      } catch (error) {
        checks.check(true, `${label}: ${(error as Error).message}`);
      }
    }
    for (const route of routes) checks.check(!/^[A-Za-z0-9]+$/.test(route.name), `severityRoutes name "${route.name}" must be alphanumeric`);
    const topicName = s.topicName ?? `${name}-topic-${pulumi.getStack()}`;
    checks.check(!/^[A-Za-z0-9_-]{1,256}$/.test(topicName), `topicName "${topicName}" must be 1 to 256 letters, digits, hyphens or underscores`);
    checks.check(new Set(routes.map((r) => r.name)).size !== routes.length, "severityRoutes names must be unique");
    checks.throwIfAny();
    super("secure-image-pipeline:messaging:AlertTopic", name, {}, opts);

    this.topic = new aws.sns.Topic(`${name}-topic`, { name: topicName, kmsMasterKeyId: args.kmsKeyArn }, { parent: this });
    this.arn = this.topic.arn;
    this.name = this.topic.name;
    const ctx = awsContext(this);
    // The topic's ARN from its name, not from the topic's output: known before the topic exists.
    const statements = pulumi.all([ctx.accountId, ctx.region, ctx.partition]).apply(([account, region, partition]) =>
      topicPolicyStatements({
        topicArn: `arn:${partition}:sns:${region}:${account}:${topicName}`,
        account,
        region,
        partition,
        publisherArns: s.publisherArns,
        publisherServices: s.publisherServices,
      }),
    );
    new aws.sns.TopicPolicy(`${name}-policy`, { arn: this.topic.arn, policy: statements.apply((st) => policyJson(policyDocument(st))) }, { parent: this });
    const subscribe = (logicalName: string, email: string, filter: Record<string, unknown> | undefined) =>
      new aws.sns.TopicSubscription(
        logicalName,
        {
          topic: this.topic.arn,
          protocol: "email",
          endpoint: email,
          ...(filter ? { filterPolicy: JSON.stringify(filter), filterPolicyScope: "MessageBody" } : {}),
        },
        { parent: this },
      );
    s.emailSubscriptions.forEach((email, index) => subscribe(`${name}-email-${index}`, email, filters.get("emailSeverities")));
    for (const route of routes) {
      route.emails.forEach((email, index) => subscribe(`${name}-${route.name}-email-${index}`, email, filters.get(`severityRoutes "${route.name}"`)));
    }
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}

export interface TopicPolicyContext {
  readonly topicArn: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly publisherArns: pulumi.Input<string>[];
  readonly publisherServices: string[];
}

/** The whole topic policy as data. */
export function topicPolicyStatements(c: TopicPolicyContext): PolicyStatement[] {
  const root = `arn:${c.partition}:iam::${c.account}:root`;
  const statements: PolicyStatement[] = [
    { Sid: "AllowOwnerManagement", Effect: "Allow", Principal: { AWS: root }, Action: TOPIC_OWNER_ACTIONS, Resource: c.topicArn },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: c.topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
  if (c.publisherArns.length > 0) {
    statements.push({
      Sid: "AllowNamedRolesToPublish",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "sns:Publish",
      Resource: c.topicArn,
      Condition: { ArnEquals: { "aws:PrincipalArn": c.publisherArns } },
    });
  }
  for (const service of c.publisherServices) {
    const id = service.split(".")[0] === "cloudwatch" ? "CloudWatchAlarms" : "EventBridgeRules";
    statements.push({
      Sid: `Allow${id}ToPublish`,
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sns:Publish",
      Resource: c.topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": c.account },
        ArnLike: { "aws:SourceArn": SOURCE_ARN_PATTERN[service](c.partition, c.region, c.account) },
      },
    });
  }
  // Same-account IAM policies could otherwise grant Publish to any role or user: deny every IAM
  // caller that is not named. AWS services cannot use IAM policies, so the Allow statements above
  // are already their only way in; aws:PrincipalIsAWSService is present on every request.
  statements.push({
    Sid: "DenyPublishByOtherPrincipals",
    Effect: "Deny",
    Principal: "*",
    Action: "sns:Publish",
    Resource: c.topicArn,
    Condition: {
      Bool: { "aws:PrincipalIsAWSService": "false" },
      ...(c.publisherArns.length > 0 ? { ArnNotEquals: { "aws:PrincipalArn": c.publisherArns } } : {}),
    },
  });
  return statements;
}
