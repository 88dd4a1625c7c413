import { strings } from './strings';

/** A failure as words for people: the kind of failure, then the engine's message. */
export function describeError(error: unknown): string {
  const type = typeof error === 'object' && error !== null && 'type' in error ? String((error as { type: unknown }).type) : '';
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const s = strings();
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError') return s.errors.permission;
  if (name === 'NotFoundError') return s.errors.noDevice;
  const prefix = (s.errors as Record<string, string>)[type] ?? s.errors.generic;
  return message ? `${prefix}: ${message}` : prefix;
}
