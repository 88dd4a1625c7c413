/**
 * Every user-visible text of the elements, in one place so an app can localize them:
 *
 * ```ts
 * import { setStrings } from 'gc-webrtc-sdk/elements';
 * setStrings({ softphone: { call: 'Appeler' } });
 * ```
 */
const en = {
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    disconnected: 'Disconnected',
    failed: 'Connection failed',
    noEngine: 'No SDK: place this element inside <gc-webrtc-sdk>, set its sdk property or a for="id" attribute.',
  },
  softphone: {
    label: 'Softphone',
    number: 'Phone number',
    numberPlaceholder: 'Number to call',
    dialPad: 'Dial pad',
    call: 'Call',
    calling: 'Calling…',
    clear: 'Delete last digit',
    incoming: 'Incoming call',
    incomingFrom: (who: string) => `Incoming call from ${who}`,
    answer: 'Answer',
    decline: 'Decline',
    calls: 'Calls',
    noCalls: 'No calls',
    mute: 'Mute',
    unmute: 'Unmute',
    hold: 'Hold',
    resume: 'Resume',
    end: 'End call',
    muted: 'muted',
    held: 'on hold',
    unknownParty: 'Unknown caller',
    sharedLine: 'shared line (persistent connection)',
    lineAppearance: (n: number) => `Line appearance ${n}`,
    callState: (who: string, state: string) => `Call with ${who}: ${state}`,
    states: {
      alerting: 'ringing', dialing: 'dialing', contacting: 'connecting', offering: 'offering',
      connected: 'connected', disconnected: 'ended', terminated: 'ended', none: 'starting',
    } as Record<string, string>,
    media: {
      starting: 'media starting', connecting: 'media connecting', connected: 'media connected',
      interrupted: 'media interrupted', disconnected: 'media disconnected', failed: 'media failed',
    } as Record<string, string>,
    quality: 'Call quality',
    qualityLevels: { good: 'good', fair: 'fair', poor: 'poor', unknown: 'measuring' } as Record<string, string>,
    micLevel: 'Microphone level',
    notSupported: 'This SDK build has no softphone API yet.',
  },
  devices: {
    label: 'Audio and video devices',
    microphone: 'Microphone',
    camera: 'Camera',
    speaker: 'Speaker',
    systemDefault: 'System default',
    unnamed: (kind: string, n: number) => `${kind} ${n}`,
    allowMic: 'Allow microphone access',
    allowCamera: 'Allow camera access',
    permissionNeeded: 'Device names appear once you allow access.',
    permissionDenied: 'Access was blocked. Allow it in the browser’s site settings, then reload.',
    testSpeaker: 'Play test tone',
    testMic: 'Test microphone',
    stopTestMic: 'Stop microphone test',
    micLevel: 'Microphone level',
    noOutputSelection: 'This browser plays audio on the system default speaker only.',
    appliedToCalls: 'Applied to active calls.',
    notAppliedToCalls: 'Saved as default; this SDK cannot switch devices of calls in progress.',
    none: (kind: string) => `No ${kind} found`,
  },
  errors: {
    generic: 'Something went wrong',
    initialization: 'Could not start the SDK',
    invalid_token: 'Your sign-in has expired or is invalid',
    http: 'The Genesys Cloud service returned an error',
    invalid_options: 'Invalid configuration',
    not_supported: 'Not supported in this browser or SDK',
    session: 'Call error',
    call: 'Call error',
    media: 'Microphone, camera or speaker error',
    permission: 'Microphone access was blocked. Allow it in the browser’s site settings.',
    noDevice: 'No microphone was found. Connect one and try again.',
    dismiss: 'Dismiss',
  },
};

export type GcStrings = typeof en;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

let current: GcStrings = en;

/** The texts in use. */
export function strings(): GcStrings {
  return current;
}

function merge<T>(base: T, patch: DeepPartial<T>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    const b = (base as Record<string, unknown>)[k];
    out[k] = v && typeof v === 'object' && b && typeof b === 'object' ? merge(b, v as DeepPartial<typeof b>) : v;
  }
  return out as T;
}

/** Replaces some texts (deep merge over English) and re-renders connected elements. */
export function setStrings(patch: DeepPartial<GcStrings>): void {
  current = merge(en, patch);
  if (typeof document !== 'undefined') document.dispatchEvent(new CustomEvent('gc-strings-change'));
}
