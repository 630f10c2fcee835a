import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";

export interface AwsClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly sns: SNSClient;
}

/**
 * One set of clients per container (the entry caches the result), so connections and
 * credentials are reused across invocations. Region and endpoint come from the environment
 * (AWS_REGION, AWS_ENDPOINT_URL), which the SDK reads itself. A custom endpoint (moto,
 * LocalStack, MinIO) rarely resolves virtual-hosted bucket names, so S3 then uses path-style
 * URLs; in Lambda on AWS no endpoint is set and the defaults apply.
 */
export function createClients(env: Readonly<Record<string, string | undefined>> = process.env): AwsClients {
  const customEndpoint = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return {
    s3: new S3Client({ forcePathStyle: customEndpoint }),
    dynamodb: new DynamoDBClient({}),
    sns: new SNSClient({}),
  };
}

/** The error name AWS SDK v3 gives a failed DynamoDB condition. */
export function isConditionalCheckFailed(error: unknown): error is Error & { Item?: Record<string, unknown> } {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** S3 says the object does not exist (404 on HeadObject, NoSuchKey on GetObject). */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === "NotFound" || error.name === "NoSuchKey" || status === 404;
}
