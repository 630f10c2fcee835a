// Limits and accepted values of AWS services that several components, the stack config and the
// policy checks share: one home, so a value AWS adds is added once.

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Lambda's bounds for the function settings ImageProcessor and the stack config accept. */
export const LAMBDA_LIMITS = {
  memoryMb: { min: 128, max: 10240 },
  timeoutSeconds: { min: 1, max: 900 },
  /** Up to the default regional concurrency quota. */
  reservedConcurrency: { min: 1, max: 1000 },
  /** Asynchronous-invocation retries (FunctionEventInvokeConfig). */
  maxRetryAttempts: { min: 0, max: 2 },
  /** How long an event may wait in the asynchronous queue (FunctionEventInvokeConfig): 60 s to 6 hours. */
  maximumEventAgeInSeconds: { min: 60, max: 21600 },
} as const;

/** DynamoDB's default per-table quota for provisioned capacity units (reads and writes each). */
export const DYNAMODB_LIMITS = {
  capacityUnits: { min: 1, max: 40000 },
} as const;
