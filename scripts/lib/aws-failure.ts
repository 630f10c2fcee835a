/**
 * Names a failed AWS call the way an operator needs it: which service and operation, the error
 * code AWS (or the network) gave, and the fix where one is known. Clients get a middleware that
 * tags every error with its client and command names, so no call site has to wrap its own calls.
 */

/** One failed call, as the tools print it and put into their `--json` failure document. */
export interface AwsCallFailure {
  readonly service: string;
  readonly operation: string;
  readonly code: string;
  readonly message: string;
  readonly fix?: string;
}

const TAG = Symbol.for("secure-image-pipeline.aws-call");

interface Tagged {
  [TAG]?: { service: string; operation: string };
}

/** IAM action prefixes of the clients the tools use, keyed by the SDK's client name. */
const SERVICES: Record<string, { readonly name: string; readonly iam: string }> = {
  CloudTrailClient: { name: "CloudTrail", iam: "cloudtrail" },
  ConfigServiceClient: { name: "Config", iam: "config" },
  DynamoDBClient: { name: "DynamoDB", iam: "dynamodb" },
  GuardDutyClient: { name: "GuardDuty", iam: "guardduty" },
  KMSClient: { name: "KMS", iam: "kms" },
  LambdaClient: { name: "Lambda", iam: "lambda" },
  S3Client: { name: "S3", iam: "s3" },
  S3ControlClient: { name: "S3 Control", iam: "s3" },
  SecurityHubClient: { name: "Security Hub", iam: "securityhub" },
  SQSClient: { name: "SQS", iam: "sqs" },
  STSClient: { name: "STS", iam: "sts" },
};

/** Operations whose IAM action is not `<prefix>:<operation>`. */
const IAM_ACTIONS: Record<string, string> = {
  "S3 ListObjectsV2": "s3:ListBucket",
  "S3 Control CreateJob": "s3:CreateJob and iam:PassRole on the job's role",
  "Lambda Invoke": "lambda:InvokeFunction",
};

/** The part of an SDK v3 client this module uses (every client has a middlewareStack). */
interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; name: string; override: boolean },
    ): void;
  };
}

/** Tags every error the client's calls throw with the service and operation (returns the client). */
export function nameFailures<C extends object>(client: C): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === "object") {
          const clientName = String(context.clientName ?? "");
          (error as Tagged)[TAG] = {
            service: SERVICES[clientName]?.name ?? clientName.replace(/Client$/, ""),
            operation: String(context.commandName ?? "").replace(/Command$/, ""),
          };
        }
        throw error;
      }
    },
    { step: "initialize", name: "nameFailures", override: true },
  );
  return client;
}

const NETWORK_CODES = /\b(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN)\b/;

function errorCode(error: unknown, message: string): string {
  const e = error as { name?: unknown; code?: unknown; Code?: unknown };
  // Network errors keep their errno code (or, wrapped by the SDK, name it in the message); AWS
  // errors carry the code as the name.
  if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) return e.code;
  const network = NETWORK_CODES.exec(message)?.[1];
  if (network) return network;
  if (typeof e.name === "string" && e.name !== "Error") return e.name;
  if (typeof e.Code === "string") return e.Code;
  return "Error";
}

function fixFor(code: string, message: string, service: string, operation: string): string | undefined {
  const action = IAM_ACTIONS[`${service} ${operation}`] ?? `${SERVICES[`${service.replace(/ /g, "")}Client`]?.iam ?? service.toLowerCase()}:${operation}`;
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException|UnauthorizedException)$/.test(code)) {
    return `the identity you run as lacks ${action}: grant it (\`aws sts get-caller-identity\` shows who you are)`;
  }
  if (code === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return "no AWS credentials found: set AWS_PROFILE (and run `aws sso login`) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(code))
    return "the session has expired: log in again (`aws sso login`) or refresh the credentials";
  if (/^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidSignatureException|InvalidAccessKeyId)$/.test(code)) {
    return "AWS does not accept these credentials: check AWS_PROFILE or the access key, and that they belong to this partition";
  }
  if (/^(OptInRequired|SubscriptionRequiredException)$/.test(code)) return `the account is not subscribed to ${service} in this region: enable the region or the service first`;
  if (/^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown)$/.test(code))
    return "AWS is throttling the account: run again in a minute (the SDK already retried)";
  if (/Region is missing|Region not accepted/.test(message)) {
    return "pass a resource ARN that names the region, or --region, or set AWS_REGION";
  }
  if (/^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|TimeoutError)$/.test(code)) {
    return "the endpoint could not be reached: check the region, the network or proxy, and AWS_ENDPOINT_URL if set";
  }
  if (code === "SyntaxError" || /Deserialization error|Expected .* but got|Unexpected token/.test(message)) {
    return "the endpoint answered with something that is not the AWS API (a proxy page, or a wrong AWS_ENDPOINT_URL)";
  }
  if (/^(ResourceNotFoundException|NoSuchBucket|NoSuchKey|NotFoundException|AWS\.SimpleQueueService\.NonExistentQueue|QueueDoesNotExist)$/.test(code)) {
    return "check the name or ARN, and that it is in this account and region";
  }
  return undefined;
}

/** Describes any error a tool caught; untagged errors (not from an AWS call) keep service/operation empty. */
export function describeFailure(error: unknown): AwsCallFailure {
  const tag = error !== null && typeof error === "object" ? (error as Tagged)[TAG] : undefined;
  const raw = error !== null && typeof error === "object" && typeof (error as Error).message === "string" ? (error as Error).message : String(error);
  const message = raw.replace(/^AWS SDK error wrapper for /, "");
  const code = errorCode(error, message);
  const service = tag?.service ?? "";
  const operation = tag?.operation ?? "";
  const fix = fixFor(code, message, service, operation);
  return { service, operation, code, message: message.split("\n")[0].slice(0, 500), ...(fix ? { fix } : {}) };
}

/** `GuardDuty ListDetectors failed with AccessDeniedException: <message>. Fix: <fix>` */
export function formatFailure(f: AwsCallFailure): string {
  const what = (f.service ? `${f.service} ${f.operation} failed with ${f.code}: ${f.message}` : f.message).replace(/\.$/, "");
  return `${what}${f.fix ? `. Fix: ${f.fix}` : ""}`;
}
