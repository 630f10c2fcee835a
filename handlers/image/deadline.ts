/**
 * Decoding ran out of the invocation's time. Not an `ImageRejection`: the same image may decode
 * in time on a later attempt, so the handler releases its claim and the event is retried
 * (handlers/error-classes.ts, row `time-budget`).
 */
export class DecodeTimeout extends Error {
  constructor(
    readonly format: string,
    readonly budgetMs: number,
  ) {
    super(`Decoding the ${format.toUpperCase()} file took more than the ${budgetMs} ms the invocation had left for it; the event will be retried.`);
    this.name = "DecodeTimeout";
  }
}

export function isDecodeTimeout(error: unknown): error is DecodeTimeout {
  return error instanceof DecodeTimeout;
}

/**
 * The decoders' share of the invocation's time: a wall-clock deadline (epoch ms) derived from the
 * invocation's remaining time. Decoders call `check` once per row or strip, so a decode that would
 * outlast the invocation stops with a `DecodeTimeout` the handler can retry cleanly, instead of a
 * Lambda timeout that leaves its claim held until the lease ends. A file that is slow by its own
 * nature is refused by budgets computed from the file itself (pixels, memory, scans), never here.
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

  /** True once the deadline has passed. */
  passed(): boolean {
    return Date.now() > this.at;
  }

  /** The error for a decode of `format` that ran past this deadline. */
  timeout(format: string): DecodeTimeout {
    return new DecodeTimeout(format, Math.max(0, Math.round(this.at - this.started)));
  }

  /** Throws `DecodeTimeout` once the deadline has passed. */
  check(format: string): void {
    if (this.passed()) throw this.timeout(format);
  }
}

/** What every decoder of our own takes besides the bytes. */
export interface DecoderOptions {
  readonly deadline?: DecodeDeadline;
}
