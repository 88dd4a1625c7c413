import type { LogFormatterFn } from 'genesys-cloud-client-logger';
import type { ILogger, LogLevels } from './logger';
import type { SessionTypes } from './sessions';
import type { IAudioProcessor } from './audio-processor';

export type { LogFormatterFn };

/** Default media settings (`ISdkConfig.defaults`). */
export interface ISdkDefaults {
  audioStream?: MediaStream;
  audioElement?: HTMLAudioElement;
  videoElement?: HTMLVideoElement;
  videoResolution?: { width: ConstrainULong; height: ConstrainULong };
  videoDeviceId?: string | null;
  audioDeviceId?: string | null;
  /** 0–100 inclusive; default 100 */
  audioVolume?: number;
  outputDeviceId?: string | null;
  micAutoGainControl?: ConstrainBoolean;
  micEchoCancellation?: ConstrainBoolean;
  micNoiseSuppression?: ConstrainBoolean;
  monitorMicVolume?: boolean;
  /** Outgoing softphone audio goes through this processor (set and initialized at construction; docs/audio-processor.md). */
  audioProcessor?: IAudioProcessor;
}

/** Constructor options of `GenesysCloudWebrtcSdk`. */
export interface ISdkConfig {
  /** A region (`mypurecloud.com`, `usw2.pure.cloud`, …) or a full API base URL (`http://127.0.0.1:8080`). Default `mypurecloud.com`. */
  environment?: string;
  /** Required for authenticated users (agents). */
  accessToken?: string;
  /** Genesys-signed JWT: limited agent access (screen recording). Not with `accessToken`. */
  jwt?: string;
  /** Required for guests. */
  organizationId?: string;
  /** WebSocket host; default `wss://streaming.{environment}` (for a URL environment: the same host with ws/wss). */
  wsHost?: string;
  /** Default true. */
  autoConnectSessions?: boolean;
  /** Default false. */
  autoAcceptPendingScreenRecordingRequests?: boolean;
  /** Default false: an observer's live screen monitoring proposal is a `pendingSession` the app accepts (the target's own is always accepted). */
  autoAcceptPendingLiveScreenMonitoringRequests?: boolean;
  jidResource?: string;
  /** Default false. */
  disableAutoAnswer?: boolean;
  /** Default 'info'. */
  logLevel?: LogLevels;
  logger?: ILogger;
  logFormatters?: LogFormatterFn[];
  /** Default false. */
  optOutOfTelemetry?: boolean;
  /** Default true. */
  useHeadsets?: boolean;
  originAppName?: string;
  originAppVersion?: string;
  originAppId?: string;
  /** Default: softphone, collaborateVideo, screenShare, liveScreenMonitoring (JWT mode: screenRecording). */
  allowedSessionTypes?: SessionTypes[];
  defaults?: ISdkDefaults;
}

/** Data from a redeemed guest security code. */
export interface ICustomerData {
  conversation: { id: string };
  sourceCommunicationId: string;
  jwt: string;
}

/** Argument of `initialize()`. */
export type ISdkInitializeOptions = { securityCode: string } | ICustomerData;

/** `GET /api/v2/users/me?expand=station` fields the SDK reads. */
export interface IPersonDetails {
  id: string;
  name?: string;
  chat: { jabberId: string };
  station?: {
    effectiveStation?: { id: string };
    associatedStation?: { id: string };
  };
}

export interface IOrgDetails {
  id?: string;
  name?: string | null;
  [key: string]: unknown;
}
