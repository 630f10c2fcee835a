/**
 * The moto server as the suite's AWS: where it is, its admin API (reset, IAM enforcement), and
 * AWS SDK v3 clients pointed at it. `scripts/with-moto.sh` starts the server and exports
 * MOTO_ENDPOINT; without it the suite fails with instructions instead of skipping.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { Readable } from "node:stream";

/** moto's default account; every ARN it mints uses it. */
export const MOTO_ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

/** Credentials as the SDK takes them. moto accepts any key while IAM enforcement is off. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const SETUP_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

export function motoEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = env.MOTO_ENDPOINT?.trim();
  if (!endpoint) {
    throw new Error(
      "MOTO_ENDPOINT is not set: the end-to-end suite needs a moto server. Run it with `npm run test:e2e` " +
        "(or `bash scripts/with-moto.sh npx jest <file> --runInBand`), which starts moto and sets MOTO_ENDPOINT.",
    );
  }
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)) {
    // Only a local emulator: never point this suite (which deletes tables) at anything else.
    throw new Error(`MOTO_ENDPOINT must look like http://127.0.0.1:<port>, got "${endpoint}"`);
  }
  return endpoint;
}

async function motoApi(path: string, body: string): Promise<void> {
  const response = await fetch(`${motoEndpoint()}/moto-api/${path}`, { method: "POST", body });
  if (!response.ok) throw new Error(`moto ${path} failed: HTTP ${response.status} ${await response.text()}`);
}

/** Deletes everything in moto (all services, all accounts): each test file starts empty. */
export async function resetMoto(): Promise<void> {
  await motoApi("reset", "");
}

/**
 * Turns moto's IAM enforcement on or off. This is what INITIAL_NO_AUTH_ACTION_COUNT controls:
 * `/moto-api/reset-auth` sets it and zeroes the request counter, so "0" enforces from the next
 * request on and "inf" (moto's default) never enforces.
 */
export async function setIamEnforcement(enforced: boolean): Promise<void> {
  await motoApi("reset-auth", enforced ? "0" : "inf");
  iamEnforced = enforced;
}

let iamEnforced = false;

/** Runs `act` with IAM enforced, then restores the enforcement as it was. */
export async function withIamEnforced<T>(act: () => Promise<T>): Promise<T> {
  if (iamEnforced) return act();
  await setIamEnforcement(true);
  try {
    return await act();
  } finally {
    await setIamEnforcement(false);
  }
}

export interface Clients {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

/**
 * moto answers IAM denials for SQS (a JSON-protocol service) in XML, which the SDK cannot parse
 * ("Deserialization error"), losing the denial's text. This middleware sits just above the HTTP
 * handler and turns such an XML error into an error carrying moto's code and message.
 */
function readXmlErrors(client: SQSClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if ((response.statusCode ?? 0) < 400 || !(response.body instanceof Readable)) return result;
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
      const text = Buffer.concat(chunks).toString("utf8");
      response.body = Readable.from([Buffer.from(text)]);
      if (!text.trimStart().startsWith("<")) return result;
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? "UnknownError";
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text;
      throw Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: response.statusCode } });
    },
    { step: "deserialize", priority: "low", name: "readMotoXmlErrors" },
  );
}

/** SDK clients for moto. No retries: a failure in this suite should show at once, not after backoff. */
export function motoClients(credentials: Credentials = SETUP_CREDENTIALS): Clients {
  const config = { endpoint: motoEndpoint(), region: REGION, credentials, maxAttempts: 1 };
  return {
    // Path-style: virtual-host style would need DNS for <bucket>.127.0.0.1.
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sqs: withXmlErrors(new SQSClient(config)),
    sns: new SNSClient(config),
    dynamodb: new DynamoDBClient(config),
    kms: new KMSClient(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
  };
}

function withXmlErrors(client: SQSClient): SQSClient {
  readXmlErrors(client);
  return client;
}

export function destroyClients(clients: Clients): void {
  for (const client of Object.values(clients)) client.destroy();
}
