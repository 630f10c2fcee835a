import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ImageRejection } from "../image/errors";
import { checkByteSize } from "../image/process";
import { outputMetadata } from "../keys";
import { isNotFound } from "./clients";

export interface SourceObject {
  /** ETag without quotes. */
  readonly etag: string;
  readonly size: number;
}

/** The ETag as S3 returns it is quoted; records and metadata use it bare. */
export function bareEtag(etag: string): string {
  return etag.replace(/^(W\/)?"|"$/g, "");
}

/** HeadObject (allowed by s3:GetObject): size and ETag before any download. Undefined if gone. */
export async function headSource(s3: S3Client, bucket: string, key: string): Promise<SourceObject | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (!head.ETag || head.ContentLength === undefined) {
      throw new Error(`HeadObject for ${key} returned no ETag or ContentLength`);
    }
    return { etag: bareEtag(head.ETag), size: head.ContentLength };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Downloads exactly the version HeadObject saw (If-Match), into one buffer of the announced
 * length, and stops reading as soon as more than `maxBytes` arrive. A 412 (the object was
 * replaced meanwhile) is thrown: the retry reads the new version, which has its own record.
 */
export async function downloadSource(s3: S3Client, bucket: string, key: string, source: SourceObject, maxBytes: number): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: `"${source.etag}"` }));
  const body = response.Body as AsyncIterable<Uint8Array> & { destroy?: () => void };
  if (!body) throw new Error(`GetObject for ${key} returned no body`);
  const announced = response.ContentLength ?? source.size;
  checkByteSize(announced, maxBytes);
  const buffer = Buffer.allocUnsafe(announced);
  let received = 0;
  for await (const chunk of body) {
    if (received + chunk.length > maxBytes) {
      body.destroy?.();
      throw new ImageRejection("TooLarge", `The file is over the limit of ${maxBytes} bytes.`);
    }
    if (received + chunk.length > buffer.length) {
      body.destroy?.();
      throw new Error(`GetObject for ${key} sent more than the ${announced} bytes it announced`);
    }
    buffer.set(chunk, received);
    received += chunk.length;
  }
  if (received !== announced) throw new Error(`GetObject for ${key} ended after ${received} of ${announced} bytes`);
  return buffer;
}

export interface VariantUpload {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly kmsKeyArn: string;
  readonly sourceKey: string;
  readonly sourceEtag: string;
}

/** Writes one variant, encrypted with the stack's key (S3 Bucket Key on to cut KMS calls). */
export async function putVariant(s3: S3Client, variant: VariantUpload): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: variant.bucket,
      Key: variant.key,
      Body: variant.body,
      ContentType: variant.contentType,
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: variant.kmsKeyArn,
      BucketKeyEnabled: true,
      Metadata: outputMetadata(variant.sourceKey, variant.sourceEtag),
    }),
  );
}
