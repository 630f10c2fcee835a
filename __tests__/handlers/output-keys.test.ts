/**
 * The output-key mapping over the whole S3 key space (fast-check): every key S3 accepts (1-1,024
 * bytes of UTF-8, any character, dot segments, repeated slashes, controls, every script) gets
 * output keys within S3's limits, unambiguous under path and URL resolution, unique per source
 * key, and metadata within 2 KB that names the source exactly. The pure mapping is checked over
 * many keys; the same properties through handleEvent (fake AWS with S3's limits) over fewer.
 */
import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import { outputFolder, outputMetadata, S3_KEY_MAX_BYTES, sourceKeyOf, variantKey } from "../../handlers/keys";
import { FakeAws } from "./support/fake-aws";
import { BUCKET, makeDeps } from "./support/deps";
import { makeJpeg } from "./support/images";
import { attempt, outputViolations, putsSince } from "./support/key-corpus";

const prefixes = { uploadPrefix: "uploads/", processedPrefix: "processed/" };
const bytes = (s: string) => Buffer.byteLength(s, "utf8");
/** The longest variant file name the configuration allows (10000x10000 px, JPEG). */
const LONGEST_VARIANT = ["10000x10000", "jpg"] as const;

/** Pieces that break naive mappings, mixed with characters of 1 to 4 UTF-8 bytes. */
const piece = fc.oneof(
  fc.constantFrom(
    "",
    ".",
    "..",
    "...",
    "%2e",
    ".%2E",
    "%2e%2e",
    "．．",
    "‥",
    " ..",
    "\\",
    "\u0000",
    "\n",
    "\u0085",
    "\u202e",
    "~",
    "processed",
    "a.jpg",
    "1024.jpg",
    "%",
    "+",
    " ",
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
  fc.string({ unit: fc.constantFrom("a", "é", "画", "😀", "क़", "/"), minLength: 1, maxLength: 400 }),
  fc.stringMatching(/^~[0-9a-f]{64}$/),
);
/** Keys S3 accepts under uploads/: at most 1,024 bytes, valid UTF-8 (no lone surrogates). */
const uploadKey = fc
  .array(piece, { minLength: 1, maxLength: 12 })
  .map((pieces) => `uploads/${pieces.join("/")}`)
  .map((key) => {
    let out = "";
    for (const ch of key) {
      if (bytes(out + ch) > S3_KEY_MAX_BYTES) break;
      out += ch;
    }
    return out;
  });

function pathProblems(key: string): string[] {
  const problems: string[] = [];
  if (bytes(key) > S3_KEY_MAX_BYTES) problems.push("too long");
  if (/\p{Cs}/u.test(key)) problems.push("lone surrogate");
  if (!key.startsWith("processed/")) problems.push("outside processed/");
  if (key.split("/").some((s) => [".", ".."].includes(s) || [".", ".."].includes(s.replace(/%2e/gi, ".")) || [".", ".."].includes(s.normalize("NFKC"))))
    problems.push("dot segment");
  if (key.includes("//")) problems.push("//");
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(key)) problems.push("control or backslash");
  const encoded = key.split("/").map(encodeURIComponent).join("/");
  if (new URL(encoded, "https://bucket.s3.amazonaws.com/").pathname !== `/${encoded}`) problems.push("moves under URL resolution");
  return problems;
}

describe("outputFolder / variantKey over the S3 key space", () => {
  it("every output key is valid, within 1,024 bytes and unambiguous under path and URL resolution", () => {
    fc.assert(
      fc.property(uploadKey, (key) => {
        expect(pathProblems(variantKey(key, prefixes, ...LONGEST_VARIANT))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it("is one-to-one: distinct source keys never share a folder", () => {
    fc.assert(
      fc.property(uploadKey, uploadKey, (a, b) => {
        expect(outputFolder(a, prefixes) === outputFolder(b, prefixes)).toBe(a === b);
      }),
      { numRuns: 3000 },
    );
  });

  it("a key spelled like another key's digest folder still gets a folder of its own", () => {
    fc.assert(
      fc.property(uploadKey, (a) => {
        const folder = outputFolder(a, prefixes);
        const impostor = `uploads/${folder.slice("processed/".length, -1)}`;
        fc.pre(impostor !== a && bytes(impostor) <= S3_KEY_MAX_BYTES);
        expect(outputFolder(impostor, prefixes)).not.toBe(folder);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps safe keys readable and names the rest by a digest after a safe stem", () => {
    expect(variantKey("uploads/a/b/cat.png", prefixes, "1024", "jpg")).toBe("processed/a/b/cat.png/1024.jpg");
    expect(variantKey("uploads/写真/猫.jpg", prefixes, "256", "png")).toBe("processed/写真/猫.jpg/256.png");
    expect(outputFolder("uploads/../processed/x.jpg", prefixes)).toMatch(/^processed\/_\/processed\/x\.jpg~[0-9a-f]{64}\/$/);
    expect(outputFolder("uploads//a.jpg", prefixes)).toMatch(/^processed\/a\.jpg~[0-9a-f]{64}\/$/);
    expect(outputFolder("uploads/a\r\nx.jpg", prefixes)).toMatch(/^processed\/a__x\.jpg~[0-9a-f]{64}\/$/);
    const long = `uploads/${"画".repeat(338)}`; // 1,022 bytes
    const folder = outputFolder(long, prefixes);
    expect([bytes(folder) <= S3_KEY_MAX_BYTES - 16, folder.startsWith(`processed/${"画".repeat(300)}`), /~[0-9a-f]{64}\/$/.test(folder)]).toEqual([true, true, true]);
  });

  it("refuses a key outside the upload prefix", () => {
    expect(() => variantKey("processed/x.png", prefixes, "1024", "jpg")).toThrow('outputFolder: "processed/x.png" is not under "uploads/"');
  });
});

describe("outputMetadata", () => {
  const etag = fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{32}-[1-9][0-9]{0,3}$/));

  it("is valid header text within 2 KB and names the source key exactly, for every key", () => {
    fc.assert(
      fc.property(uploadKey, etag, (key, tag) => {
        const metadata = outputMetadata(key, tag);
        for (const [name, value] of Object.entries(metadata)) validateHeaderValue(`x-amz-meta-${name}`, value);
        const size = Object.entries(metadata).reduce((n, [k, v]) => n + bytes(`x-amz-meta-${k}`) + bytes(v), 0);
        expect([size <= 2048, Object.values(metadata).every((v) => /^[\x20-\x7e]*$/.test(v)), sourceKeyOf(metadata) === key]).toEqual([true, true, true]);
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps the URI form where it fits and switches to base64url where it does not", () => {
    expect(outputMetadata("uploads/a/b/cat.png", "abc")).toEqual({ "source-etag": "abc", "source-key": "uploads/a/b/cat.png" });
    const cjk = `uploads/${"画".repeat(338)}`;
    expect(Object.keys(outputMetadata(cjk, "abc"))).toEqual(["source-etag", "source-key-base64url"]);
    expect(sourceKeyOf(outputMetadata(cjk, "abc"))).toBe(cjk);
  });
});

describe("the same properties through the handler", () => {
  jest.setTimeout(120_000);
  let stub: Buffer;
  beforeAll(async () => {
    stub = await makeJpeg(2, 2);
  });

  it("every key is processed once, its outputs valid and its own; a second delivery is a duplicate", async () => {
    await fc.assert(
      fc.asyncProperty(uploadKey, async (key) => {
        const aws = new FakeAws();
        try {
          const deps = makeDeps();
          aws.upload(BUCKET, key, stub);
          const first = await attempt(deps, key, stub.length, "req-1");
          const puts = putsSince(aws, 0);
          const second = await attempt(deps, key, stub.length, "req-2");
          expect([first, second]).toEqual([
            { ok: true, outcome: "processed", ignored: 0 },
            { ok: true, outcome: "duplicate", ignored: 0 },
          ]);
          expect(puts.flatMap((put) => outputViolations(key, put, sourceKeyOf))).toEqual([]);
          expect(puts.map((put) => put.Key!.slice(0, put.Key!.lastIndexOf("/") + 1))).toEqual([outputFolder(key, prefixes), outputFolder(key, prefixes)]);
        } finally {
          aws.restore();
        }
      }),
      { numRuns: 60 },
    );
  });
});
