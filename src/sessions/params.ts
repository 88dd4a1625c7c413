/**
 * Shape checks of the public session methods' parameters (any session type): a bad argument is
 * `SdkError` `invalid_options` naming the field, before anything goes to the cloud.
 */
import { SdkError, SdkErrorTypes } from '../errors';

const invalid = (method: string, field: string, message: string): SdkError =>
  new SdkError(SdkErrorTypes.invalid_options, `${method}(): ${message}`, { field });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function requireObject(method: string, params: unknown): Record<string, unknown> {
  if (!isObject(params)) throw invalid(method, 'params', 'the parameters must be an object');
  return params;
}

function optionalType(method: string, params: Record<string, unknown>, field: string, type: 'string' | 'boolean' | 'number'): void {
  const v = params[field];
  if (v !== undefined && v !== null && typeof v !== type) throw invalid(method, field, `\`${field}\` must be a ${type}`);
}

/** `{ conversationId }` plus optional flags (accept/reject/end/acceptSession). */
export function checkConversationParams<T>(method: string, params: T): T {
  const p = requireObject(method, params);
  if (!isNonEmptyString(p.conversationId)) throw invalid(method, 'conversationId', '`conversationId` must be a non-empty string');
  optionalType(method, p, 'fromHeadset', 'boolean');
  optionalType(method, p, 'sessionType', 'string');
  optionalType(method, p, 'reason', 'string');
  return params;
}

/** `setAudioMute` / `setConversationHeld`: `{ conversationId, mute | held: boolean }`. */
export function checkToggleParams<T>(method: string, params: T, flag: 'mute' | 'held'): T {
  checkConversationParams(method, params);
  if (typeof (params as Record<string, unknown>)[flag] !== 'boolean') throw invalid(method, flag, `\`${flag}\` must be a boolean`);
  return params;
}

const START_STRING_FIELDS = ['phoneNumber', 'callerId', 'callerIdName', 'callFromQueueId', 'callQueueId', 'callUserId', 'languageId', 'uuiData'];

/** `startSoftphoneSession`: typed fields and a target (phoneNumber, callUserId, callQueueId or participants). */
export function checkStartSoftphoneParams<T>(params: T): T {
  const method = 'startSoftphoneSession';
  const p = requireObject(method, params);
  for (const field of START_STRING_FIELDS) optionalType(method, p, field, 'string');
  optionalType(method, p, 'priority', 'number');
  for (const field of ['routingSkillsIds', 'conversationIds', 'participants']) {
    const v = p[field];
    if (v !== undefined && v !== null && !Array.isArray(v)) throw invalid(method, field, `\`${field}\` must be an array`);
  }
  const participants = p.participants as unknown[] | undefined;
  if (participants?.some((x) => !isObject(x) || !isNonEmptyString(x.address))) throw invalid(method, 'participants', 'each participant needs an `address` string');
  const hasTarget = isNonEmptyString(p.phoneNumber) || isNonEmptyString(p.callUserId) || isNonEmptyString(p.callQueueId) || (participants?.length ?? 0) > 0;
  if (!hasTarget) throw invalid(method, 'phoneNumber', 'a `phoneNumber`, `callUserId`, `callQueueId` or `participants` is required');
  return params;
}

/** `forceTerminateSession(sessionId, reason?)`. */
export function checkSessionId(method: string, sessionId: unknown, reason?: unknown): void {
  if (!isNonEmptyString(sessionId)) throw invalid(method, 'sessionId', '`sessionId` must be a non-empty string');
  if (reason !== undefined && typeof reason !== 'string') throw invalid(method, 'reason', '`reason` must be a string');
}
