import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export const uuid = (): string => randomUUID();

/** 24 hex chars, the shape of production JID local parts (`601d95fb6c8be51b97b54089`). */
export const hex24 = (): string => randomBytes(12).toString('hex');

/** Opaque bearer token; long enough to be unguessable, URL-safe. */
export const accessToken = (): string => randomBytes(24).toString('base64url');

/** Numeric security code a customer reads to an agent. */
export const securityCode = (): string =>
  Array.from({ length: 10 }, () => String(randomInt(10))).join('');

/** Notification channel id in the production shape `streaming-0-<26 chars>`. */
export const channelId = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return 'streaming-0-' + Array.from({ length: 26 }, () => alphabet[randomInt(alphabet.length)]).join('');
};
