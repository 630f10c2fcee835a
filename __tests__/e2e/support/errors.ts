/** What an AWS call failed with, in one comparable shape (moto answers some JSON-protocol errors in XML). */
export interface AwsFailure {
  readonly status: number | undefined;
  /** The error code and message, or the raw body when the SDK could not parse moto's answer. */
  readonly text: string;
}

export async function failureOf(call: Promise<unknown>): Promise<AwsFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $responseBodyText?: string; $response?: { statusCode?: number } };
    return {
      status: e.$metadata?.httpStatusCode ?? e.$response?.statusCode,
      text: [e.name, e.message, e.$responseBodyText].filter(Boolean).join(": "),
    };
  }
  throw new Error("expected the AWS call to fail, but it succeeded");
}
