/** Reading what moto delivered to the suite's SQS queues: S3 events and SNS notifications. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";

/** Receives and deletes every message now in the queue (moto delivers synchronously, so no waiting). */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ["All"] }));
    if (Messages.length === 0) return all;
    all.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

/** The S3 event notification JSON as moto emits it (the subset the suite reads). */
export interface S3Event {
  readonly Records: readonly {
    readonly eventName: string;
    readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string; readonly size: number; readonly eTag: string } };
  }[];
}

/** S3 events from queue messages, without the `s3:TestEvent` S3 sends when notifications are configured. */
export function s3EventsFrom(messages: readonly Message[]): S3Event[] {
  return messages
    .map((m) => JSON.parse(m.Body ?? "{}") as S3Event & { Event?: string })
    .filter((body) => body.Event !== "s3:TestEvent")
    .map((body) => {
      if (!Array.isArray(body.Records)) throw new Error(`not an S3 event: ${JSON.stringify(body).slice(0, 200)}`);
      return body;
    });
}

/** An SNS notification as an SQS subscriber receives it (raw delivery off: the SNS envelope). */
export interface SnsEnvelope {
  readonly Type: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { readonly Type: string; readonly Value: string }>;
}

export function snsEnvelopesFrom(messages: readonly Message[]): SnsEnvelope[] {
  return messages.map((m) => JSON.parse(m.Body ?? "{}") as SnsEnvelope);
}
