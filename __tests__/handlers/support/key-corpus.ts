/**
 * Runs the independently written key and error corpus (__tests__/fixtures/key-corpus, README
 * there) through the real handler modules (handleEvent with the fake AWS of fake-aws.ts, which
 * applies S3's key, metadata and header limits), and judges each outcome by the corpus's own
 * invariants. Shared by the corpus test; the figures it prints are quoted in docs/handler.md.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand, type PutObjectCommandInput } from "@aws-sdk/client-s3";
import { handleEvent } from "../../../handlers/app";
import type { PipelineDeps } from "../../../handlers/upload";
import { FakeAws, lambdaContext } from "./fake-aws";
import { BUCKET } from "./deps";

const CORPUS = join(__dirname, "..", "..", "fixtures", "key-corpus");
const load = <T>(name: string): T => JSON.parse(readFileSync(join(CORPUS, name), "utf8")) as T;

export interface KeyCase {
  readonly key: string;
  readonly why: string;
  readonly inUploads: boolean;
}
export interface CollisionCase {
  readonly keys: string[];
  readonly why: string;
}
export interface ErrorCase {
  readonly service: string;
  readonly error: { name: string; message: string; $fault?: string | null; $metadata?: { httpStatusCode?: number }; code?: string; CancellationReasons?: unknown[] };
  readonly during: string;
  readonly expect: "permanent" | "transient";
  readonly why: string;
}

export const keyCases = () => load<KeyCase[]>("keys.json");
export const collisionCases = () => load<CollisionCase[]>("collisions.json");
export const errorCases = () => load<ErrorCase[]>("errors.json");

/** An S3 ObjectCreated event for `key`, encoded as S3 encodes it (form encoding, space as `+`). */
export function corpusEvent(key: string, size: number) {
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: "2026-11-29T08:00:00.000Z",
        eventName: "ObjectCreated:Put",
        s3: { s3SchemaVersion: "1.0", bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` }, object: { key: encodeURIComponent(key).replace(/%20/g, "+"), size, eTag: "0" } },
      },
    ],
  };
}

export type Attempt = { readonly ok: true; readonly outcome?: string; readonly ignored: number } | { readonly ok: false; readonly error: unknown };

export async function attempt(deps: PipelineDeps, key: string, size: number, requestId: string, remainingMs = 60_000): Promise<Attempt> {
  try {
    const summary = await handleEvent(deps, corpusEvent(key, size), lambdaContext(requestId, remainingMs));
    return { ok: true, outcome: Object.values(summary.outcomes)[0], ignored: summary.ignored };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The PutObject inputs made since `from` (an index into the mock's call log). */
export function putsSince(aws: FakeAws, from: number): PutObjectCommandInput[] {
  return aws.s3
    .commandCalls(PutObjectCommand)
    .slice(from)
    .map((call) => call.args[0].input);
}

/** Every reason an output key or its metadata breaks the corpus's invariants (empty: valid). */
export function outputViolations(sourceKey: string, put: PutObjectCommandInput, decodeStoredKey: (metadata: Record<string, string>) => string | undefined): string[] {
  const key = put.Key ?? "";
  const problems: string[] = [];
  if (/\p{Cs}/u.test(key)) problems.push("not valid UTF-8");
  if (Buffer.byteLength(key, "utf8") > 1024) problems.push(`${Buffer.byteLength(key, "utf8")} bytes`);
  if (!key.startsWith("processed/")) problems.push("not under processed/");
  const segments = key.split("/");
  if (segments.some((s) => s === "." || s === "..")) problems.push("dot segment");
  if (key.includes("//")) problems.push("//");
  const encoded = segments.map(encodeURIComponent).join("/");
  if (new URL(encoded, "https://b.s3.amazonaws.com/").pathname !== `/${encoded}`) problems.push("URL resolution moves it");
  const metadata = put.Metadata ?? {};
  const bytes = Object.entries(metadata).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > 2048) problems.push(`metadata ${bytes} bytes`);
  if (Object.values(metadata).some((v) => !/^[\x20-\x7e]*$/.test(v))) problems.push("metadata not printable ASCII");
  if (decodeStoredKey(metadata) !== sourceKey) problems.push("stored source key does not decode back");
  return problems;
}

/** The injected error, as the SDK (or Node) would raise it. */
export function corpusError(spec: ErrorCase["error"]): Error {
  const error = new Error(spec.message);
  return Object.assign(
    error,
    { name: spec.name, $fault: spec.$fault ?? undefined, $metadata: spec.$metadata ?? {} },
    spec.code ? { code: spec.code } : {},
    spec.CancellationReasons ? { CancellationReasons: spec.CancellationReasons } : {},
  );
}
