import "server-only";

/** What Keyless needs to know about an AWS failure, without SDK types leaving lib/aws. */
export class AwsCallError extends Error {
  override name = "AwsCallError";
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly httpStatus: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function toAwsCallError(service: string, operation: string, error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const e = error as { name?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const code = e.Code ?? e.name ?? "UnknownError";
  const status = e.$metadata?.httpStatusCode;
  const retryable =
    Boolean(e.$retryable) ||
    /Throttl|RequestLimitExceeded|TooManyRequests|ServiceUnavailable|InternalError|InternalFailure|TimeoutError|ECONNRESET|ECONNREFUSED/i.test(
      code,
    ) ||
    (status !== undefined && status >= 500);
  return new AwsCallError(service, operation, code, e.message ?? String(error), status, retryable);
}
