/**
 * The one error the decoder throws for input it cannot decode: malformed, truncated or
 * unsupported JPEG data. Callers map it to their own "corrupt image" error by class, not by
 * message text.
 */
export class JpegError extends Error {
  constructor(message: string) {
    super(`Invalid JPEG: ${message}`);
    this.name = "JpegError";
  }
}
