import { SdkError, SdkErrorTypes } from './errors';
import type { ISdkConfig, ISdkDefaults } from './types/config';
import type { LogLevels } from './types/logger';
import { SessionTypes } from './types/sessions';

/** The documented Genesys Cloud regions (others are accepted with a warning). */
export const KNOWN_ENVIRONMENTS = [
  'mypurecloud.com', 'mypurecloud.com.au', 'mypurecloud.jp', 'mypurecloud.de', 'mypurecloud.ie',
  'usw2.pure.cloud', 'cac1.pure.cloud', 'euw2.pure.cloud', 'apne2.pure.cloud',
  'use2.us-gov-pure.cloud', 'sae1.pure.cloud', 'aps1.pure.cloud',
] as const;

export const DEFAULT_ENVIRONMENT = 'mypurecloud.com';

const LOG_LEVELS: readonly LogLevels[] = ['log', 'debug', 'info', 'warn', 'error'];
const ALLOWED_SESSION_TYPES: readonly string[] = [
  SessionTypes.softphone, SessionTypes.collaborateVideo, SessionTypes.acdScreenShare, SessionTypes.screenRecording,
  SessionTypes.liveScreenMonitoring,
];
// liveScreenMonitoring as upstream v11+ (9.2.4 had no such type)
const DEFAULT_SESSION_TYPES = [SessionTypes.softphone, SessionTypes.collaborateVideo, SessionTypes.acdScreenShare, SessionTypes.liveScreenMonitoring];
/** A bare DNS name such as `mypurecloud.com` or `localhost`. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export type AuthMode = 'agent' | 'guest' | 'jwt';

export type ResolvedDefaults = Required<Pick<ISdkDefaults,
  'audioVolume' | 'micAutoGainControl' | 'micEchoCancellation' | 'micNoiseSuppression' | 'monitorMicVolume'>> & {
  videoDeviceId: string | null;
  audioDeviceId: string | null;
  outputDeviceId: string | null;
} & Omit<ISdkDefaults, 'audioVolume' | 'micAutoGainControl' | 'micEchoCancellation' | 'micNoiseSuppression' | 'monitorMicVolume' | 'videoDeviceId' | 'audioDeviceId' | 'outputDeviceId'>;

/** `ISdkConfig` with every documented default applied plus the derived endpoints. */
export interface ResolvedConfig extends Omit<ISdkConfig, 'defaults'> {
  environment: string;
  autoConnectSessions: boolean;
  autoAcceptPendingScreenRecordingRequests: boolean;
  autoAcceptPendingLiveScreenMonitoringRequests: boolean;
  disableAutoAnswer: boolean;
  logLevel: LogLevels;
  optOutOfTelemetry: boolean;
  useHeadsets: boolean;
  allowedSessionTypes: SessionTypes[];
  defaults: ResolvedDefaults;
  authMode: AuthMode;
  /** `https://api.{env}` or the URL environment, without a trailing slash */
  apiBase: string;
  /** WebSocket host without a trailing slash */
  wsHost: string;
  /** pubsub service JID for XMPP notifications */
  pubsubHost: string;
}

function invalid(field: string, message: string, value?: unknown): SdkError {
  return new SdkError(SdkErrorTypes.invalid_options, message, { field, ...(value !== undefined ? { value } : {}) });
}

function checkOptionalString(options: Record<string, unknown>, field: string): void {
  const value = options[field];
  if (value !== undefined && value !== null && (typeof value !== 'string' || value.trim() === '')) {
    throw invalid(field, `\`${field}\` must be a non-empty string`);
  }
}

function checkOptionalBoolean(options: Record<string, unknown>, field: string): void {
  const value = options[field];
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(field, `\`${field}\` must be a boolean`, value);
  }
}

/** Resolves the API base URL: a region means `https://api.{env}`; an http(s) URL is used as is. */
export function buildApiBase(environment: string): string {
  if (/^https?:\/\//i.test(environment)) {
    return environment.replace(/\/+$/, '');
  }
  return `https://api.${environment}`;
}

/** Default socket host: `wss://streaming.{env}`, or the URL environment's origin with ws(s). */
export function buildWsHost(environment: string): string {
  if (/^https?:\/\//i.test(environment)) {
    const url = new URL(environment);
    return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  }
  return `wss://streaming.${environment}`;
}

/** The pubsub service JID (`notifications.{env}`); for a URL environment its host (port included, like upstream). */
export function buildPubsubHost(environment: string): string {
  if (/^https?:\/\//i.test(environment)) {
    return `notifications.${new URL(environment).host}`;
  }
  return `notifications.${environment}`;
}

/** `{apiBase}/api/v2/{path}`; leading/trailing slashes of `path` are ignored. */
export function buildApiUrl(apiBase: string, path: string): string {
  return `${apiBase}/api/v2/${path.replace(/^\/+|\/+$/g, '')}`;
}

function validateEnvironment(environment: unknown): string {
  if (environment === undefined || environment === null) return DEFAULT_ENVIRONMENT;
  if (typeof environment !== 'string' || environment.trim() === '') {
    throw invalid('environment', '`environment` must be a region such as "mypurecloud.com" or an http(s) URL');
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(environment)) {
    let url: URL | undefined;
    try { url = new URL(environment); } catch { url = undefined; }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
      throw invalid('environment', '`environment` URL must be a plain http:// or https:// base URL', environment);
    }
    return environment;
  }
  if (!HOSTNAME.test(environment)) {
    throw invalid('environment', '`environment` must be a region such as "mypurecloud.com" or an http(s) URL', environment);
  }
  return environment;
}

function validateDefaults(defaults: unknown): ResolvedDefaults {
  if (defaults !== undefined && (typeof defaults !== 'object' || defaults === null)) {
    throw invalid('defaults', '`defaults` must be an object');
  }
  const d = (defaults ?? {}) as ISdkDefaults;
  const processor = d.audioProcessor as unknown;
  if (processor !== undefined && (typeof processor !== 'object' || processor === null
    || !['init', 'process', 'destroy'].every((m) => typeof (processor as Record<string, unknown>)[m] === 'function'))) {
    throw invalid('defaults.audioProcessor', '`defaults.audioProcessor` must implement IAudioProcessor (init, process, destroy)');
  }
  if (d.audioVolume !== undefined && (typeof d.audioVolume !== 'number' || !Number.isFinite(d.audioVolume) || d.audioVolume < 0 || d.audioVolume > 100)) {
    throw invalid('defaults.audioVolume', '`defaults.audioVolume` must be a number between 0 and 100 inclusive', d.audioVolume);
  }
  for (const key of ['videoDeviceId', 'audioDeviceId', 'outputDeviceId'] as const) {
    const v = d[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw invalid(`defaults.${key}`, `\`defaults.${key}\` must be a string or null`, v);
    }
  }
  return {
    ...d,
    audioVolume: d.audioVolume ?? 100,
    micAutoGainControl: d.micAutoGainControl ?? true,
    micEchoCancellation: d.micEchoCancellation ?? true,
    micNoiseSuppression: d.micNoiseSuppression ?? true,
    monitorMicVolume: d.monitorMicVolume ?? false,
    videoDeviceId: d.videoDeviceId ?? null,
    audioDeviceId: d.audioDeviceId ?? null,
    outputDeviceId: d.outputDeviceId ?? null,
  };
}

export interface ConfigWarning { field: string; message: string }

/**
 * Validates constructor options and applies the documented defaults.
 * Throws `SdkError(invalid_options)` whose `details.field` names the offending option.
 */
export function resolveConfig(input: ISdkConfig | undefined | null): { config: ResolvedConfig; warnings: ConfigWarning[] } {
  if (!input || typeof input !== 'object') {
    throw invalid('options', 'Options required to create an instance of the SDK');
  }
  const options = input as Record<string, unknown>;
  const warnings: ConfigWarning[] = [];
  for (const field of ['accessToken', 'jwt', 'organizationId', 'jidResource', 'originAppName', 'originAppVersion', 'originAppId']) {
    checkOptionalString(options, field);
  }
  for (const field of ['autoConnectSessions', 'autoAcceptPendingScreenRecordingRequests', 'autoAcceptPendingLiveScreenMonitoringRequests', 'disableAutoAnswer', 'optOutOfTelemetry', 'useHeadsets']) {
    checkOptionalBoolean(options, field);
  }
  if (input.accessToken && input.jwt) {
    throw invalid('jwt', '`accessToken` and `jwt` cannot be used together');
  }
  const authMode: AuthMode = input.jwt ? 'jwt' : input.accessToken ? 'agent' : 'guest';
  if (authMode === 'guest' && !input.organizationId) {
    throw invalid('organizationId', 'An accessToken, jwt, or organizationId (for guest access) is required to instantiate the sdk');
  }
  if (authMode === 'jwt') {
    // fail early on a JWT we cannot read: initialize needs its claims
    parseJwt(input.jwt as string, 'jwt');
  }
  const environment = validateEnvironment(input.environment);
  if (!/^https?:\/\//i.test(environment) && !(KNOWN_ENVIRONMENTS as readonly string[]).includes(environment)) {
    warnings.push({ field: 'environment', message: `environment "${environment}" is not a known Genesys Cloud region` });
  }
  if (input.wsHost !== undefined && (typeof input.wsHost !== 'string' || !/^wss?:\/\/[^/\s?#]+\/?$/i.test(input.wsHost))) {
    throw invalid('wsHost', '`wsHost` must be a ws:// or wss:// host such as "wss://streaming.mypurecloud.com"', input.wsHost);
  }
  if (input.logLevel !== undefined && !LOG_LEVELS.includes(input.logLevel)) {
    throw invalid('logLevel', `\`logLevel\` must be one of ${LOG_LEVELS.join(', ')}`, input.logLevel);
  }
  if (input.logger !== undefined && (typeof input.logger !== 'object' || input.logger === null || LOG_LEVELS.some((l) => typeof input.logger?.[l] !== 'function'))) {
    throw invalid('logger', '`logger` must implement log, debug, info, warn and error');
  }
  if (input.logFormatters !== undefined && (!Array.isArray(input.logFormatters) || input.logFormatters.some((f) => typeof f !== 'function'))) {
    throw invalid('logFormatters', '`logFormatters` must be an array of functions');
  }
  let allowedSessionTypes = DEFAULT_SESSION_TYPES.slice();
  if (input.allowedSessionTypes !== undefined) {
    if (!Array.isArray(input.allowedSessionTypes)) {
      throw invalid('allowedSessionTypes', '`allowedSessionTypes` must be an array of SessionTypes');
    }
    const unknown = input.allowedSessionTypes.find((t) => !ALLOWED_SESSION_TYPES.includes(t));
    if (unknown !== undefined) {
      throw invalid('allowedSessionTypes', `Unknown session type "${String(unknown)}" in \`allowedSessionTypes\``, unknown);
    }
    allowedSessionTypes = [...new Set(input.allowedSessionTypes)];
  }
  if (authMode === 'jwt') {
    // JWT users may only record screens (upstream forces this too)
    if (input.allowedSessionTypes && input.allowedSessionTypes.some((t) => t !== SessionTypes.screenRecording)) {
      warnings.push({ field: 'allowedSessionTypes', message: 'JWT authentication only supports screenRecording sessions; other session types are ignored' });
    }
    allowedSessionTypes = [SessionTypes.screenRecording];
  }
  const defaults = validateDefaults(input.defaults);
  const wsHost = (input.wsHost ?? buildWsHost(environment)).replace(/\/+$/, '');
  return {
    warnings,
    config: {
      ...input,
      environment,
      autoConnectSessions: input.autoConnectSessions ?? true,
      autoAcceptPendingScreenRecordingRequests: input.autoAcceptPendingScreenRecordingRequests ?? false,
      autoAcceptPendingLiveScreenMonitoringRequests: input.autoAcceptPendingLiveScreenMonitoringRequests ?? false,
      disableAutoAnswer: input.disableAutoAnswer ?? false,
      logLevel: input.logLevel ?? 'info',
      optOutOfTelemetry: input.optOutOfTelemetry ?? false,
      useHeadsets: input.useHeadsets ?? true,
      allowedSessionTypes,
      defaults,
      authMode,
      apiBase: buildApiBase(environment),
      wsHost,
      pubsubHost: buildPubsubHost(environment),
    },
  };
}

/** Claims the SDK reads from a Genesys JWT (decoded without verification: the server verifies it). */
export interface JwtClaims {
  data?: { jid?: string; uid?: string; conversationId?: string; sourceCommunicationId?: string };
  name?: string;
  org?: string;
  iss?: string;
  exp?: number;
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function parseJwt(jwt: string, field = 'jwt'): JwtClaims {
  try {
    const payload = jwt.split('.')[1];
    if (!payload) throw new Error('not a JWT');
    const claims = JSON.parse(base64UrlDecode(payload)) as unknown;
    if (!claims || typeof claims !== 'object') throw new Error('JWT payload is not an object');
    return claims as JwtClaims;
  } catch (err) {
    throw new SdkError(SdkErrorTypes.invalid_options, 'Failed to parse provided jwt, please ensure it is valid', { field }, err);
  }
}
