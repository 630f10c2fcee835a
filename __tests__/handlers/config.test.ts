/** The handler's environment contract (handlers/config.ts): defaults, limits, and errors that name the variable. */
import { ConfigError, loadConfig, parseVariants } from "../../handlers/config";

const base = {
  TABLE_NAME: "records",
  TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:image-events",
  KMS_KEY_ARN: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};

function errorFor(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

it("applies the documented defaults", () => {
  expect(loadConfig(base)).toEqual({
    tableName: "records",
    topicArn: base.TOPIC_ARN,
    kmsKeyArn: base.KMS_KEY_ARN,
    uploadPrefix: "uploads/",
    processedPrefix: "processed/",
    maxImageBytes: 25 * 1024 * 1024,
    maxImagePixels: 40_000_000,
    variants: [
      { name: "1024", maxWidth: 1024, maxHeight: 1024 },
      { name: "256", maxWidth: 256, maxHeight: 256 },
    ],
    jpegQuality: 80,
    recordTtlDays: 90,
  });
});

it.each([
  [{ TABLE_NAME: undefined }, "Invalid configuration: TABLE_NAME is required but not set"],
  [{ TOPIC_ARN: "   " }, "Invalid configuration: TOPIC_ARN is required but not set"],
  [{ TOPIC_ARN: "image-events" }, 'Invalid configuration: TOPIC_ARN must be an SNS topic ARN, got "image-events"'],
  [{ KMS_KEY_ARN: "alias/images" }, 'Invalid configuration: KMS_KEY_ARN must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "alias/images"'],
  [{ JPEG_QUALITY: "0" }, "Invalid configuration: JPEG_QUALITY must be a whole number from 1 to 100, got 0"],
  [{ JPEG_QUALITY: "high" }, 'Invalid configuration: JPEG_QUALITY must be a whole number from 1 to 100, got "high"'],
  [{ MAX_IMAGE_BYTES: "100" }, "Invalid configuration: MAX_IMAGE_BYTES must be a whole number from 1024 to 536870912, got 100"],
  [{ MAX_IMAGE_PIXELS: "1e9" }, 'Invalid configuration: MAX_IMAGE_PIXELS must be a whole number from 1 to 500000000, got "1e9"'],
  [{ UPLOAD_PREFIX: "uploads" }, 'Invalid configuration: UPLOAD_PREFIX must be a key prefix ending in "/" such as "uploads/", got "uploads"'],
  [{ UPLOAD_PREFIX: "up//" }, 'Invalid configuration: UPLOAD_PREFIX must be a key prefix ending in "/" such as "uploads/", got "up//"'],
  [{ UPLOAD_PREFIX: "a b/" }, 'Invalid configuration: UPLOAD_PREFIX must be a key prefix ending in "/" such as "uploads/", got "a b/"'],
  [{ PROCESSED_PREFIX: "uploads/thumbs/" }, 'Invalid configuration: PROCESSED_PREFIX must not overlap UPLOAD_PREFIX ("uploads/thumbs/" vs "uploads/")'],
  [{ VARIANTS: "1024x" }, 'Invalid configuration: VARIANTS has an invalid size "1024x": use WIDTHxHEIGHT with 1 to 10000 pixels each'],
  [{ VARIANTS: "10x10x10" }, 'Invalid configuration: VARIANTS has an invalid size "10x10x10": use WIDTHxHEIGHT with 1 to 10000 pixels each'],
  [{ VARIANTS: "256,256x256" }, 'Invalid configuration: VARIANTS lists the size "256x256" twice'],
])("rejects %j with a message naming the variable", (override, message) => {
  expect(errorFor({ ...base, ...override })).toBe(message);
});

it("accepts nested prefixes and rectangular sizes", () => {
  const config = loadConfig({ ...base, UPLOAD_PREFIX: "in/raw/", PROCESSED_PREFIX: "out/", VARIANTS: " 640x480 , 128 " });
  expect([config.uploadPrefix, config.processedPrefix, config.variants]).toEqual([
    "in/raw/",
    "out/",
    [
      { name: "640x480", maxWidth: 640, maxHeight: 480 },
      { name: "128", maxWidth: 128, maxHeight: 128 },
    ],
  ]);
});

it("parseVariants names the variable it was given (the thumbnail tool passes --variants)", () => {
  expect(() => parseVariants("", "--variants")).toThrow('Invalid configuration: --variants must list 1 to 8 sizes such as "1024x1024,256x256", got ""');
});
