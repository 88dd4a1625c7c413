/**
 * SDK-level media methods (docs/media.md "SDK-level methods") against the emulator's echo
 * number with Chromium's fake devices: mid-call outgoing media switches (replaceTrack, no
 * renegotiation), output routing, default updates, volume, hot-plug fallback, bad input.
 */
import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type ISdkConfig, type SdkEvents } from '../../src/index';
import { SdkMedia } from '../../src/media/index';
import { SessionMediaUpdates, type IMediaUpdatableSession, type IMutableMediaDefaults } from '../../src/sessions/media-updates';
import type { IVideoResolution } from '../../src/types/media';
import { fakeDevice, RecordingLogger } from './media-helpers';
import { control, emulatorInfo, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { remoteAudioMeter } from '../support/remote-audio';
import { isFirefox } from '../support/browser';

interface AudioCounters { rtpPacketsFromAgent: number; loudPacketsFromAgent: number }
interface Leg { participantId: string; sessionId: string | null; counters: { audio: AudioCounters } | null }
interface EmulatorConversation { id: string; legs: Leg[] }
type InternalSession = IExtendedMediaSession & { _outboundStream?: MediaStream; _outputAudioElement?: HTMLAudioElement & { sinkId?: string } };

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
const cleanups: Array<() => void> = [];


function newSdk(config: Partial<ISdkConfig> = {}, accessToken = 'unused'): GenesysCloudWebrtcSdk {
  const sdk = new GenesysCloudWebrtcSdk({
    environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, accessToken, ...config,
  });
  sdks.push(sdk);
  return sdk;
}

type Args<K extends keyof SdkEvents> = Parameters<SdkEvents[K]>;

function next<K extends keyof SdkEvents>(sdk: GenesysCloudWebrtcSdk, event: K, ms = 15000): Promise<Args<K>> {
  return new Promise((resolve, reject) => {
    const on = (sdk.on as unknown as (e: string, l: (...a: unknown[]) => void) => void).bind(sdk);
    const off = (sdk.off as unknown as (e: string, l: (...a: unknown[]) => void) => void).bind(sdk);
    const timer = setTimeout(() => { off(event, listener); reject(new Error(`timed out waiting for ${event}`)); }, ms);
    const listener = (...args: unknown[]): void => { clearTimeout(timer); off(event, listener); resolve(args as Args<K>); };
    on(event, listener);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function conversation(id: string): Promise<EmulatorConversation> {
  return control<EmulatorConversation>('GET', `conversations/${id}`);
}

async function counters(conversationId: string): Promise<AudioCounters> {
  const leg = (await conversation(conversationId)).legs[0];
  if (!leg?.counters) throw new Error('no media leg');
  return leg.counters.audio;
}

/** RTP and loud packets from the agent keep increasing from now on. */
async function audioKeepsFlowing(conversationId: string, what: string): Promise<void> {
  const before = await counters(conversationId);
  await until(async () => {
    const now = await counters(conversationId);
    return now.rtpPacketsFromAgent > before.rtpPacketsFromAgent + 50 && now.loudPacketsFromAgent > before.loudPacketsFromAgent + 3;
  }, `RTP and loud packets from the agent keep arriving (${what})`);
}

/** The echoed audio is heard in the page (remote track RMS). */
async function hearsAudio(session: IExtendedMediaSession): Promise<void> {
  const m = remoteAudioMeter(session.pc);
  try {
    await until(async () => (await m.rms()) > 0.01, 'echoed audio heard (RMS > 0.01)');
  } finally {
    m.close();
  }
}

/** A continuous 440 Hz tone: a second, distinguishable "microphone". */
function oscillatorStream(): MediaStream {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const dest = ctx.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  cleanups.push(() => { osc.stop(); for (const t of dest.stream.getTracks()) t.stop(); void ctx.close(); });
  return dest.stream;
}

function audioSender(session: IExtendedMediaSession): RTCRtpSender {
  const sender = session.pc.getSenders().find((s) => s.track?.kind === 'audio');
  if (!sender) throw new Error('no audio sender');
  return sender;
}

/** An agent on an echo call; returns the connected session and what proves "no renegotiation". */
async function echoCall(config: Partial<ISdkConfig> = {}): Promise<{
  sdk: GenesysCloudWebrtcSdk; session: InternalSession; conversationId: string; assertNoRenegotiation: () => Promise<void>;
}> {
  const agent = await control<AgentInfo>('POST', 'agents', {});
  const sdk = newSdk(config, agent.accessToken);
  await sdk.initialize();
  let startedCount = 0;
  sdk.on('sessionStarted', () => { startedCount++; });
  const started = next(sdk, 'sessionStarted');
  const { id: conversationId } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
  const [session] = await started;
  await until(() => session.connectionState === 'connected', 'session connected');
  await until(async () => (await counters(conversationId)).loudPacketsFromAgent > 3, 'loud packets before any switch');
  const pc = session.pc;
  const localSdp = pc.localDescription?.sdp;
  const remoteSdp = pc.remoteDescription?.sdp;
  const leg = (await conversation(conversationId)).legs[0];
  let signalingChanges = 0;
  const onSignaling = (): void => { signalingChanges++; };
  pc.addEventListener('signalingstatechange', onSignaling);
  cleanups.push(() => pc.removeEventListener('signalingstatechange', onSignaling));
  const assertNoRenegotiation = async (): Promise<void> => {
    expect(signalingChanges, 'signalingstatechange events').to.equal(0);
    expect(pc.signalingState).to.equal('stable');
    expect(pc.localDescription?.sdp).to.equal(localSdp);
    expect(pc.remoteDescription?.sdp).to.equal(remoteSdp);
    const legs = (await conversation(conversationId)).legs;
    expect(legs.map((l) => [l.participantId, l.sessionId])).to.deep.equal([[leg?.participantId, leg?.sessionId]]);
    expect(sdk.getAllSessions().length).to.equal(1);
    expect(sdk.getAllSessions()[0] === session).to.equal(true);
    expect(startedCount, 'sessionStarted events').to.equal(1);
  };
  return { sdk, session: session as InternalSession, conversationId, assertNoRenegotiation };
}

async function realMic(): Promise<MediaDeviceInfo> {
  const mics = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId);
  const mic = mics.find((d) => d.deviceId !== 'default' && d.deviceId !== 'communications') ?? mics[0];
  if (!mic) throw new Error('no fake microphone enumerated');
  return mic;
}

before(async () => {
  info = await emulatorInfo();
  // labels (and ids) need a permission first
  const s = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const t of s.getTracks()) t.stop();
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
});

describe('SDK media methods during an echo call', () => {
  it('switches the microphone mid-call (new gUM stream, oscillator stream, deviceId) with replaceTrack: no renegotiation, RTP and echo continue', async () => {
    const { sdk, session, conversationId, assertNoRenegotiation } = await echoCall();
    const sender = audioSender(session);
    const first = sender.track as MediaStreamTrack;
    expect(first.readyState).to.equal('live');

    // 1. another getUserMedia stream (the caller's): the SDK-created track is stopped
    const userStream = await navigator.mediaDevices.getUserMedia({ audio: true });
    cleanups.push(() => { for (const t of userStream.getTracks()) t.stop(); });
    await sdk.updateOutgoingMedia({ session, stream: userStream });
    expect(sender.track).to.equal(userStream.getAudioTracks()[0]);
    expect(first.readyState, 'the old SDK-created track is stopped').to.equal('ended');
    expect(session._outboundStream?.getAudioTracks()).to.deep.equal([userStream.getAudioTracks()[0]]);
    await audioKeepsFlowing(conversationId, 'after the gUM stream switch');

    // 2. a WebAudio oscillator by conversationId: the caller's previous track is left alone
    const tone = oscillatorStream();
    await sdk.updateOutgoingMedia({ conversationId, stream: tone });
    expect(sender.track).to.equal(tone.getAudioTracks()[0]);
    expect(userStream.getAudioTracks()[0]?.readyState, 'a caller-provided track is not stopped').to.equal('live');
    await audioKeepsFlowing(conversationId, 'after the oscillator switch');
    await hearsAudio(session);

    // 3. by deviceId (sessionId lookup): the SDK requests the fake mic again
    const mic = await realMic();
    await sdk.updateOutgoingMedia({ sessionId: session.id, audioDeviceId: mic.deviceId });
    const fromDevice = sender.track as MediaStreamTrack;
    expect(fromDevice).to.not.equal(tone.getAudioTracks()[0]);
    expect(fromDevice.getSettings().deviceId).to.equal(mic.deviceId);
    expect(sdk.media.getAllActiveMediaTracks()).to.include(fromDevice);
    await audioKeepsFlowing(conversationId, 'after the deviceId switch');
    await hearsAudio(session);

    // 4. the same device again: already in use, not re-requested
    await sdk.updateOutgoingMedia({ session, audioDeviceId: mic.deviceId });
    expect(sender.track).to.equal(fromDevice);
    expect(fromDevice.readyState).to.equal('live');

    await assertNoRenegotiation();
  });

  it('a muted session stays muted after a switch, and unmutes onto the new track', async () => {
    const { sdk, session, conversationId } = await echoCall();
    await sdk.setAudioMute({ conversationId, mute: true });
    const tone = oscillatorStream();
    await sdk.updateOutgoingMedia({ session, stream: tone });
    const track = audioSender(session).track as MediaStreamTrack;
    expect(track).to.equal(tone.getAudioTracks()[0]);
    expect(track.enabled, 'new track disabled while muted').to.equal(false);
    await sleep(300); // packets in flight
    const before = (await counters(conversationId)).loudPacketsFromAgent;
    await sleep(1500);
    expect((await counters(conversationId)).loudPacketsFromAgent, 'no loud packets while muted').to.equal(before);
    await sdk.setAudioMute({ conversationId, mute: false });
    expect(track.enabled).to.equal(true);
    await audioKeepsFlowing(conversationId, 'after unmute');
  });

  it('updateOutputDevice sets the sinkId of the session audio element; unknown ids fall back to the default output', async () => {
    const { sdk, session } = await echoCall();
    const el = session._outputAudioElement;
    expect(el, 'session audio element').to.be.instanceOf(HTMLAudioElement);
    expect('setSinkId' in HTMLMediaElement.prototype).to.equal(true);
    const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId);
    console.log(`[media-sdk] audiooutput devices: ${JSON.stringify(outputs.map((d) => [d.deviceId.slice(0, 12), d.label]))}`);
    const specific = outputs.find((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
    if (specific) {
      await sdk.updateOutputDevice(specific.deviceId);
      expect(el?.sinkId).to.equal(specific.deviceId);
    }
    if (outputs.some((d) => d.deviceId === 'default')) {
      await sdk.updateOutputDevice('default');
      expect(el?.sinkId).to.equal('default');
    }
    await sdk.updateOutputDevice('no-such-output-device');
    expect(el?.sinkId, 'unknown id → SDK default (none) → system default').to.equal('');
    if (specific) {
      // with an SDK default output, an unknown id falls back to it; `true` means it; null is the system default
      await sdk.updateDefaultDevices({ outputDeviceId: specific.deviceId });
      expect(el?.sinkId, 'not applied without updateActiveSessions').to.equal('');
      await sdk.updateOutputDevice('no-such-output-device');
      expect(el?.sinkId).to.equal(specific.deviceId);
      await sdk.updateOutputDevice(null);
      expect(el?.sinkId).to.equal('');
      await sdk.updateOutputDevice(true);
      expect(el?.sinkId).to.equal(specific.deviceId);
    }
    await hearsAudio(session);
  });

  it('updateDefaultDevices and updateDefaultMediaSettings touch active sessions only when asked', async () => {
    const { sdk, session, conversationId, assertNoRenegotiation } = await echoCall();
    const headsetCalls: string[] = [];
    (sdk.headset as unknown as { updateAudioInputDevice: (id: string) => void }).updateAudioInputDevice = (id) => { headsetCalls.push(id); };
    const sender = audioSender(session);
    const tone = oscillatorStream();
    await sdk.updateOutgoingMedia({ session, stream: tone });
    const mic = await realMic();

    await sdk.updateDefaultDevices({ audioDeviceId: mic.deviceId });
    expect(sdk._config.defaults.audioDeviceId).to.equal(mic.deviceId);
    expect(headsetCalls).to.deep.equal([mic.deviceId]);
    expect(sender.track, 'untouched without updateActiveSessions').to.equal(tone.getAudioTracks()[0]);

    await sdk.updateDefaultDevices({ audioDeviceId: mic.deviceId, updateActiveSessions: true });
    const replaced = sender.track as MediaStreamTrack;
    expect(replaced).to.not.equal(tone.getAudioTracks()[0]);
    expect(replaced.getSettings().deviceId).to.equal(mic.deviceId);
    expect(headsetCalls).to.have.length(2);
    await audioKeepsFlowing(conversationId, 'after updateDefaultDevices');

    await sdk.updateDefaultMediaSettings({ micEchoCancellation: false });
    expect(sdk._config.defaults.micEchoCancellation).to.equal(false);
    expect(sender.track, 'untouched without updateActiveSessions').to.equal(replaced);
    await sdk.updateDefaultMediaSettings({ micEchoCancellation: false, updateActiveSessions: true });
    const reRequested = sender.track as MediaStreamTrack;
    expect(reRequested).to.not.equal(replaced);
    expect(replaced.readyState).to.equal('ended');
    expect(reRequested.getSettings().echoCancellation).to.equal(false);
    expect(reRequested.getSettings().deviceId).to.equal(mic.deviceId);
    await audioKeepsFlowing(conversationId, 'after updateDefaultMediaSettings');
    await assertNoRenegotiation();
  });

  it('updateAudioVolume(50) sets the session element volume; 150 is an SdkError and changes nothing', async () => {
    const { sdk, session } = await echoCall();
    const el = session._outputAudioElement as HTMLAudioElement;
    sdk.updateAudioVolume(50);
    expect(el.volume).to.equal(0.5);
    expect(sdk._config.defaults.audioVolume).to.equal(50);
    const errors: SdkError[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    for (const bad of [150, -1, Number.NaN, '50' as unknown as number]) {
      let thrown: unknown;
      try { sdk.updateAudioVolume(bad); } catch (e) { thrown = e; }
      expect(thrown, String(bad)).to.be.instanceOf(SdkError);
      expect((thrown as SdkError).type).to.equal('invalid_options');
    }
    expect(errors).to.have.length(4);
    expect(el.volume).to.equal(0.5);
    expect(sdk._config.defaults.audioVolume).to.equal(50);
    sdk.updateAudioVolume(0);
    expect(el.volume).to.equal(0);
  });

  it('hot-plug: when the session microphone disappears the session falls back to the default device and RTP keeps flowing', async () => {
    const { sdk, session, conversationId, assertNoRenegotiation } = await echoCall();
    const sender = audioSender(session);
    const old = sender.track as MediaStreamTrack;
    expect(sdk.media.getAllActiveMediaTracks()).to.include(old);
    const md = navigator.mediaDevices as MediaDevices & { enumerateDevices: () => Promise<MediaDeviceInfo[]> };
    const real = await md.enumerateDevices();
    const gone = (d: MediaDeviceInfo): boolean => d.kind === 'audioinput' && (d.label === old.label || d.deviceId === old.getSettings().deviceId);
    expect(real.filter(gone).length, 'the session mic is enumerated').to.be.greaterThan(0);
    // the mic goes away, another one (a headset) stays
    const stubbed = [...real.filter((d) => !gone(d)), fakeDevice('audioinput', 'usb-headset', 'USB Headset')];
    md.enumerateDevices = () => Promise.resolve(stubbed);
    cleanups.push(() => { delete (md as unknown as Record<string, unknown>).enumerateDevices; });
    md.dispatchEvent(new Event('devicechange'));
    await until(() => sender.track !== old, 'the sender track was replaced');
    expect(old.readyState).to.equal('ended');
    expect(sender.track?.readyState).to.equal('live');
    expect(session._outboundStream?.getAudioTracks()).to.deep.equal([sender.track]);
    await audioKeepsFlowing(conversationId, 'after the hot-plug fallback');
    await assertNoRenegotiation();
  });
});

describe('SDK media methods: bad input never hangs', () => {
  it('unknown sessions and missing options reject with SdkError', async () => {
    const sdk = newSdk();
    const errors: SdkError[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    const rejects = async (p: Promise<unknown>, type: string): Promise<void> => {
      let thrown: unknown;
      try { await p; } catch (e) { thrown = e; }
      expect(thrown).to.be.instanceOf(SdkError);
      expect((thrown as SdkError).type).to.equal(type);
    };
    await rejects(sdk.updateOutgoingMedia({ conversationId: 'no-such-conversation', audioDeviceId: true }), 'session');
    await rejects(sdk.updateOutgoingMedia({ sessionId: 'no-such-session', stream: oscillatorStream() }), 'session');
    await rejects(sdk.updateOutgoingMedia({ conversationId: 'c' }), 'invalid_options');
    await rejects(sdk.updateOutgoingMedia({ audioDeviceId: true }), 'invalid_options');
    await rejects(sdk.updateOutputDevice(42 as unknown as string), 'invalid_options');
    await rejects(sdk.updateDefaultDevices({ audioDeviceId: 5 as unknown as string }), 'invalid_options');
    await rejects(sdk.updateDefaultResolution({ width: 640 } as IVideoResolution, false), 'invalid_options');
    await rejects(sdk.updateDefaultMediaSettings({ monitorMicVolume: 'yes' as unknown as boolean }), 'invalid_options');
    expect(errors).to.have.length(8);
    // no sessions: these just update the defaults
    await sdk.updateOutputDevice('no-such-output-device');
    await sdk.updateDefaultDevices({ audioDeviceId: null, videoDeviceId: 'cam', outputDeviceId: '', updateActiveSessions: true });
    expect([sdk._config.defaults.audioDeviceId, sdk._config.defaults.videoDeviceId, sdk._config.defaults.outputDeviceId]).to.deep.equal([null, 'cam', null]);
    const stream = oscillatorStream();
    sdk.setDefaultAudioStream(stream);
    expect(sdk.media.getDefaultAudioStream()).to.equal(stream);
    sdk.setDefaultAudioStream(undefined);
    expect(sdk.media.getDefaultAudioStream()).to.equal(undefined);
  });
});

describe('updateDefaultResolution (session with a video track)', () => {
  it('sets the default; applies to live session video tracks only when asked, with resolutionUpdated', async () => {
    const logger = new RecordingLogger();
    const defaults: IMutableMediaDefaults = {};
    const media = new SdkMedia({ logger, getDefaults: () => defaults });
    const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    const pc = new RTCPeerConnection();
    pc.addTrack(camera.getVideoTracks()[0] as MediaStreamTrack, camera);
    const session: IMediaUpdatableSession = { id: 'video-session', conversationId: 'video-conversation', sessionType: 'collaborateVideo', pc, _outboundStream: camera };
    const events: Array<[IVideoResolution, IVideoResolution, MediaStreamTrack, string, string]> = [];
    const updates = new SessionMediaUpdates({
      media, logger, defaults: () => defaults, getSessions: () => [session],
      emitResolutionUpdated: (...args) => { events.push(args); },
    });
    cleanups.push(() => { updates.destroy(); media.destroy(); pc.close(); for (const t of camera.getTracks()) t.stop(); });
    const track = camera.getVideoTracks()[0] as MediaStreamTrack;

    await updates.updateDefaultResolution({ width: 320, height: 240 }, false);
    expect(defaults.videoResolution).to.deep.equal({ width: 320, height: 240 });
    expect(events).to.have.length(0);
    expect(track.getSettings().width).to.equal(640);

    await updates.updateDefaultResolution({ width: 320, height: 240 }, true);
    expect(events).to.have.length(1);
    const [requested, actual, videoTrack, sessionId, conversationId] = events[0] as (typeof events)[number];
    expect(requested).to.deep.equal({ width: 320, height: 240 });
    expect([videoTrack, sessionId, conversationId]).to.deep.equal([track, 'video-session', 'video-conversation']);
    // `actual` is what the camera really delivers. Firefox's camera keeps its capture size on
    // applyConstraints (docs/browsers.md), and the SDK reports that truthfully.
    const size = { width: track.getSettings().width, height: track.getSettings().height };
    expect(actual).to.deep.equal(size);
    expect(size).to.deep.equal(isFirefox ? { width: 640, height: 480 } : { width: 320, height: 240 });

    await updates.updateDefaultResolution(undefined, false);
    expect('videoResolution' in defaults).to.equal(false);
  });
});
