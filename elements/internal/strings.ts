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
  video: {
    label: 'Video conference',
    room: (name: string) => `Room: ${name}`,
    meeting: (id: string) => `Meeting: ${id}`,
    noRoom: 'Set a room-jid or meeting-id attribute to join.',
    join: 'Join',
    joinWithoutCamera: 'Join without camera',
    retry: 'Try again',
    rejoin: 'Rejoin',
    leave: 'Leave',
    cancel: 'Cancel',
    controls: 'Call controls',
    someone: 'Someone',
    joinedRoom: (who: string) => `${who} joined`,
    leftRoom: (who: string) => `${who} left`,
    microphone: 'Microphone',
    camera: 'Camera',
    shareScreen: 'Share screen',
    devices: 'Devices',
    layout: 'Layout',
    gallery: 'Gallery',
    speaker: 'Speaker',
    participants: 'Participants',
    participantCount: (n: number) => (n === 1 ? '1 participant' : `${n} participants`),
    you: 'You',
    selfView: 'Your camera',
    cameraOffSelf: 'Your camera is off',
    tiles: 'Participants’ video',
    noOneElse: 'Waiting for others to join…',
    unnamed: (n: number) => `Participant ${n}`,
    micMuted: 'microphone muted',
    micOn: 'microphone on',
    cameraOff: 'camera off',
    cameraOn: 'camera on',
    speaking: 'speaking',
    sharing: 'sharing their screen',
    pinned: 'pinned',
    screenOf: (who: string) => `${who}’s screen`,
    tileLabel: (who: string, states: string) => `${who}${states ? `, ${states}` : ''}`,
    pinHint: 'Press Enter to pin, again to unpin',
    states: {
      idle: 'Not in the room',
      joining: 'Joining…',
      joined: 'In the room',
      reconnecting: 'Reconnecting…',
      left: 'You left the room',
      ended: 'The conference ended for you',
      error: 'Could not join',
    } as Record<string, string>,
    bothRoomAndMeeting: 'Set either room-jid or meeting-id, not both.',
    badRoomJid: (jid: string) => `“${jid}” is not a room address (expected name@conference.domain, lower case).`,
    unknownLayout: (l: string) => `Unknown layout “${l}”: use gallery or speaker.`,
    roomNotFound: 'The room was not found. Check the room address and try again.',
    meetingNotFound: 'The meeting was not found. Check the meeting id and try again.',
    cameraDenied: 'Camera access was blocked. Allow it in the browser’s site settings and try again, or join without camera.',
    micDenied: 'Microphone access was blocked. Allow it in the browser’s site settings and try again.',
    noCamera: 'No camera was found. Connect one and try again, or join without camera.',
    joinTimeout: 'The room did not answer in time.',
    notSupported: 'This SDK build has no video conference API.',
    pinFailed: 'Could not pin the video',
  },
  screen: {
    label: 'Screen sharing',
    securityCode: 'Security code',
    codeHelp: 'The agent you are talking to gives you this code.',
    share: 'Share screen',
    starting: 'Starting…',
    stop: 'Stop sharing',
    shareAgain: 'Share again',
    sharing: (what: string) => `You are sharing ${what}.`,
    aScreen: 'your screen',
    surfaces: { monitor: 'your entire screen', window: 'a window', browser: 'a browser tab' } as Record<string, string>,
    stopped: 'Sharing stopped.',
    emptyCode: 'Enter the security code the agent gave you.',
    badCode: 'This security code is not valid or has already been used. Codes work once: ask the agent for a new one.',
    pickerCancelled: 'No screen was chosen. Press Share screen to pick one.',
    unknownMode: (m: string) => `Unknown mode “${m}”: use guest, agent or observer.`,
    guestOnly: 'Guest sharing needs an SDK without an access token (a guest).',
    notSupported: 'This SDK build has no screen sharing API.',
    // agent mode
    recorded: 'Your screen is being recorded',
    monitored: 'Your screen is being watched live',
    since: (time: string) => `since ${time}`,
    sessionTypes: { screenRecording: 'Screen recording', liveScreenMonitoring: 'Live screen monitoring' } as Record<string, string>,
    notRecorded: 'Your screen is not being recorded or watched.',
    requestRecording: 'Your screen is about to be recorded.',
    requestMonitoring: 'A supervisor wants to watch your screen.',
    accept: 'Allow',
    decline: 'Decline',
    pickScreen: 'Choose the screen to share',
    pickScreenNeeded: 'Choose which screen to share to continue.',
    // observer mode
    observing: (who: string) => `Watching ${who}’s screen`,
    agentScreen: 'the agent',
    screenN: (n: number) => `Screen ${n}`,
    noMonitoring: 'No live monitoring session. Start one to watch an agent’s screen.',
    endMonitoring: 'End monitoring',
    watch: 'Watch',
    monitoringRequest: 'A live monitoring session is ready.',
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
    resolution: 'Camera resolution',
    resolutionDefault: 'Default',
    previewCamera: 'Preview camera',
    stopPreview: 'Stop preview',
    cameraPreview: 'Camera preview',
    appliedToVideo: 'Camera switched in the video call.',
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
    permission: 'Access to the microphone or camera was blocked. Allow it in the browser’s site settings.',
    noDevice: 'No microphone or camera was found. Connect one and try again.',
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
