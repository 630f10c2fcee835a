/**
 * The error table (handlers/error-classes.ts), a case per row: each row is matched by a typical
 * error of its kind (and by nothing earlier in the table), and every row is reached. How the
 * handler acts on each class, end to end, is proved by the corpus run (key-corpus.test.ts) and
 * faults.test.ts.
 */
import { classifyError, ERROR_CLASSES } from "../../handlers/error-classes";
import { DecodeTimeout } from "../../handlers/image/deadline";
import { ImageRejection, type RejectionCode } from "../../handlers/image/errors";

const sdk = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(
    new Error(name),
    { name, $fault: status !== undefined && status >= 500 ? "server" : "client", $metadata: status === undefined ? {} : { httpStatusCode: status } },
    extra,
  );

const CODES: RejectionCode[] = ["EmptyFile", "TooLarge", "UnsupportedFormat", "TooManyPixels", "Corrupt", "UnsupportedKey"];

/** One typical error per row, and the row (with its verdict and action) it must land on. */
const CASES: ReadonlyArray<readonly [string, unknown, string, "permanent" | "transient", "reject" | "skip" | "retry"]> = [
  ...CODES.map((code) => [`ImageRejection ${code}`, new ImageRejection(code, "x"), `rejection-${code}`, "permanent", "reject"] as const),
  ["a decode past the invocation's time", new DecodeTimeout("jpeg", 1200), "time-budget", "transient", "retry"],
  ["an allocation failure", new RangeError("Array buffer allocation failed"), "memory-exhausted", "transient", "retry"],
  ["S3 NoSuchKey on GetObject", sdk("NoSuchKey", 404), "s3-object-gone", "permanent", "skip"],
  ["S3 412 on GetObject If-Match", sdk("PreconditionFailed", 412), "s3-object-replaced", "permanent", "skip"],
  ["S3 KeyTooLongError", sdk("KeyTooLongError", 400), "s3-output-refused", "permanent", "reject"],
  [
    "Node's invalid header character",
    Object.assign(new TypeError("Invalid character in header content"), { code: "ERR_INVALID_CHAR" }),
    "s3-output-refused",
    "permanent",
    "reject",
  ],
  ["DynamoDB throttling as HTTP 400", sdk("ProvisionedThroughputExceededException", 400), "throttling", "transient", "retry"],
  ["S3 SlowDown 503", sdk("SlowDown", 503), "throttling", "transient", "retry"],
  ["KMS throttling through S3", sdk("KMS.ThrottlingException", 400), "throttling", "transient", "retry"],
  ["a 5xx", sdk("InternalError", 500), "server-error", "transient", "retry"],
  ["a reset connection", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", $metadata: {} }), "network", "transient", "retry"],
  ["S3 RequestTimeout (400)", sdk("RequestTimeout", 400), "network", "transient", "retry"],
  ["expired credentials", sdk("ExpiredToken", 400), "credentials", "transient", "retry"],
  ["S3 AccessDenied", sdk("AccessDenied", 403), "configuration", "transient", "retry"],
  ["a disabled key through S3", sdk("KMS.DisabledException", 400), "configuration", "transient", "retry"],
  ["the table is missing", sdk("ResourceNotFoundException", 400), "configuration", "transient", "retry"],
  ["the final record's claim was taken over", sdk("ConditionalCheckFailedException", 400), "claim-lost", "transient", "retry"],
  ["a DynamoDB ValidationException", sdk("ValidationException", 400), "unexpected", "transient", "retry"],
  ["a bug", new TypeError("x is not a function"), "unexpected", "transient", "retry"],
  ["not even an Error", "a string", "unexpected", "transient", "retry"],
];

describe("the error table", () => {
  it.each(CASES)("%s -> %s", (_what, error, id, verdict, action) => {
    const row = classifyError(error);
    expect({ id: row.id, verdict: row.verdict, action: row.action }).toEqual({ id, verdict, action });
  });

  it("every row is reached by some case, and the ids are unique", () => {
    const ids = ERROR_CLASSES.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !CASES.some((c) => c[2] === id))).toEqual([]);
  });

  it("only the upload itself makes an error permanent: every permanent row is a rejection or a skip, every transient row a retry", () => {
    for (const row of ERROR_CLASSES) expect([row.id, row.verdict === "permanent"]).toEqual([row.id, row.action !== "retry"]);
    expect(ERROR_CLASSES.filter((r) => r.verdict === "permanent").map((r) => r.id)).toEqual([
      ...CODES.map((c) => `rejection-${c}`),
      "s3-object-gone",
      "s3-object-replaced",
      "s3-output-refused",
    ]);
  });

  it("running out of invocation time is never a rejection, however it is reported", () => {
    expect(classifyError(new DecodeTimeout("png", 0)).verdict).toBe("transient");
    expect(new DecodeTimeout("png", 0)).not.toBeInstanceOf(ImageRejection);
  });
});
