/**
 * Why an upload was refused. Every code is permanent: retrying the same bytes gives the same
 * answer, so the handler records and announces it instead of throwing into a retry loop.
 */
export type RejectionCode = "EmptyFile" | "TooLarge" | "UnsupportedFormat" | "TooManyPixels" | "Corrupt" | "UnsupportedKey";

/** A permanent, user-facing reason to refuse an image: `code` for machines, `message` for people. */
export class ImageRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = "ImageRejection";
  }
}

export function isImageRejection(error: unknown): error is ImageRejection {
  return error instanceof ImageRejection;
}
