import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { UploadRecord, VariantRecord } from "./records";

/** The SNS message body: one per upload, the same shape for processed and rejected. */
export interface UploadMessage {
  readonly status: "processed" | "rejected";
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly format: string | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly variants: readonly VariantRecord[];
  readonly reason: string | null;
  readonly errorCode: string | null;
  /** When the final record was written (ISO 8601). */
  readonly recordedAt: string;
}

/** Builds the message from the final record alone, so a re-publish after a crash is identical. */
export function messageFor(record: UploadRecord): UploadMessage {
  if (record.status === "processing") throw new Error(`messageFor: record for ${record.key} is not final`);
  return {
    status: record.status,
    bucket: record.bucket,
    key: record.key,
    etag: record.etag,
    format: record.format ?? null,
    width: record.width ?? null,
    height: record.height ?? null,
    variants: record.variants ?? [],
    reason: record.reason ?? null,
    errorCode: record.errorCode ?? null,
    recordedAt: record.updatedAt,
  };
}

/** Publishes with a `status` attribute so subscribers can filter (e.g. only rejections). */
export async function publishResult(sns: SNSClient, topicArn: string, record: UploadRecord): Promise<string> {
  const message = messageFor(record);
  const result = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(message),
      MessageAttributes: { status: { DataType: "String", StringValue: message.status } },
    }),
  );
  if (!result.MessageId) throw new Error(`SNS Publish for ${record.key} returned no MessageId`);
  return result.MessageId;
}
