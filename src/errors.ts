/** Why an SDK operation failed. Values are the documented wire-stable strings. */
export enum SdkErrorTypes {
  generic = 'generic',
  initialization = 'initialization',
  invalid_token = 'invalid_token',
  http = 'http',
  invalid_options = 'invalid_options',
  not_supported = 'not_supported',
  session = 'session',
  call = 'call',
  media = 'media',
}

/**
 * The error every public SDK method rejects with (and emits as `sdkError`).
 * When it wraps a browser error it keeps that error's `name` and `message`
 * so the original problem is not masked; the wrapped error is `cause`.
 */
export class SdkError<TDetails = unknown> extends Error {
  type: SdkErrorTypes;
  details: TDetails | undefined;

  constructor(type: SdkErrorTypes | null | undefined, messageOrError?: string | Error, details?: TDetails, cause?: unknown) {
    const wrapped = messageOrError instanceof Error ? messageOrError : undefined;
    const origin = cause ?? wrapped;
    super(typeof messageOrError === 'string' ? messageOrError : (messageOrError?.message ?? ''), origin !== undefined ? { cause: origin } : undefined);
    this.type = type ?? SdkErrorTypes.generic;
    this.details = details;
    this.name = wrapped ? wrapped.name : 'SdkError';
  }
}

export function isSdkError(value: unknown): value is SdkError {
  return value instanceof SdkError;
}
