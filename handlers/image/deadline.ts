import { ImageRejection } from "./errors";

/**
 * The decoders' CPU budget: a wall-clock deadline (epoch ms) derived from the invocation's
 * remaining time. Decoders call `check` once per row or strip, so a file built to be slow
 * (a looping or endless code stream) ends as a specific rejection, not a Lambda timeout that
 * holds the only concurrent execution and is retried.
 */
export class DecodeDeadline {
  constructor(
    /** Epoch milliseconds after which decoding stops. */
    readonly at: number,
    private readonly started = Date.now(),
  ) {}

  /** No limit: for tools and tests that run outside an invocation. */
  static none(): DecodeDeadline {
    return new DecodeDeadline(Number.POSITIVE_INFINITY);
  }

  /** Throws `Corrupt` once the deadline has passed. */
  check(format: string): void {
    if (Date.now() > this.at) {
      throw new ImageRejection(
        "Corrupt",
        `The ${format.toUpperCase()} file took more than ${Math.max(0, Math.round(this.at - this.started))} ms to decode, the time the invocation had left for it; it is damaged or built to be slow.`,
      );
    }
  }
}

/** What every decoder of our own takes besides the bytes. */
export interface DecoderOptions {
  readonly deadline?: DecodeDeadline;
}
