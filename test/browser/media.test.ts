/**
 * sdk.media in headless Chromium and Firefox with fake devices (permission auto-granted):
 * permissions, device lists, getUserMedia requests and retries, volume events,
 * hot-plug handling and destroy().
 */
import { expect } from '@open-wc/testing';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { SdkMediaStateWithType } from '../../src/types/media';
import { isFirefox, itChromiumOnly } from '../support/browser';
import { collect, destroyAll, fakeDevice, makeMedia, nextEvent, rejectionOf, sleep, StubMediaDevices } from './media-helpers';

async function realDevice(kind: MediaDeviceKind, label: string): Promise<MediaDeviceInfo> {
  const device = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === kind && d.label === label);
  if (!device) throw new Error(`fake device ${label} not found`);
  return device;
}

describe('sdk.media', () => {
  afterEach(() => destroyAll());

  describe('state and devices', () => {
    it('starts with the documented empty state', () => {
      const { media } = makeMedia();
      expect(media.getState()).to.deep.equal({
        devices: [], oldDevices: [], audioDevices: [], videoDevices: [], outputDevices: [],
        hasMic: false, hasCamera: false, hasMicPermissions: false, hasCameraPermissions: false,
        hasOutputDeviceSupport: true, micPermissionsRequested: false, cameraPermissionsRequested: false,
      });
    });

    it('enumerateDevices emits state and devices once per change, labelled, and again only when forced', async () => {
      // Firefox labels devices only once the page holds a capture grant (docs/browsers.md)
      if (isFirefox) for (const t of (await navigator.mediaDevices.getUserMedia({ audio: true, video: true })).getTracks()) t.stop();
      const { media } = makeMedia();
      const states = collect(media, 'state');
      const devices = collect(media, 'devices');
      const list = await media.enumerateDevices();

      expect(devices).to.have.length(1);
      expect(states).to.have.length(1);
      expect(states[0].eventType).to.equal('devices');
      expect(devices[0].eventType).to.equal('devices');
      const state = devices[0];
      expect(state.hasMic).to.equal(true);
      expect(state.hasCamera).to.equal(true);
      expect(state.oldDevices).to.deep.equal([]);
      expect(state.audioDevices.map((d) => d.label)).to.include(isFirefox ? 'Default Audio Device' : 'Fake Default Audio Input');
      expect(state.videoDevices.map((d) => d.label)).to.include(isFirefox ? 'Default Video Device' : 'fake_device_0');
      expect(state.outputDevices.every((d) => d.kind === 'audiooutput')).to.equal(true);
      expect(list.length).to.equal(state.devices.length);
      expect(media.getDevices()).to.have.length(list.length);
      expect(media.getAudioDevices().every((d) => d.kind === 'audioinput')).to.equal(true);
      expect(media.getVideoDevices()).to.have.length(1);
      expect(media.getOutputDevices().length).to.be.greaterThan(0);

      await media.enumerateDevices();
      expect(devices, 'unchanged list does not re-emit').to.have.length(1);

      await media.enumerateDevices(true);
      expect(devices).to.have.length(2);
      expect(devices[1].oldDevices).to.have.length(list.length);
    });

    it('getState returns a copy that callers cannot corrupt', async () => {
      const { media } = makeMedia();
      await media.enumerateDevices();
      const copy = media.getState();
      copy.devices.length = 0;
      copy.hasMic = false;
      expect(media.getState().devices.length).to.be.greaterThan(0);
      expect(media.getState().hasMic).to.equal(true);
    });

    it('keeps labelled entries when the browser later returns label-less ones', async () => {
      const stub = new StubMediaDevices();
      stub.list = [fakeDevice('audioinput', 'mic-1', 'Desk Mic'), fakeDevice('videoinput', 'cam-1', 'Cam')];
      const { media } = makeMedia({ mediaDevices: stub });
      await media.enumerateDevices();
      const devices = collect(media, 'devices');
      stub.list = [fakeDevice('audioinput', 'mic-1', ''), fakeDevice('videoinput', 'cam-1', 'Cam')];
      const list = await media.enumerateDevices();
      expect(list.map((d) => d.label)).to.deep.equal(['Desk Mic', 'Cam']);
      expect(devices).to.have.length(0);
    });

    itChromiumOnly('find helpers and doesDeviceExistInCache work on the cache', 'Firefox fakes one microphone, the test needs Chromium\'s named fake microphones', async () => {
      const { media } = makeMedia();
      await media.enumerateDevices();
      const mic = media.getAudioDevices()[1];
      const cam = media.getVideoDevices()[0];
      const out = media.getOutputDevices()[0];
      expect(media.findCachedAudioDeviceById(mic.deviceId)).to.equal(mic);
      expect(media.findCachedVideoDeviceById(cam.deviceId)).to.equal(cam);
      expect(media.findCachedOutputDeviceById(out.deviceId)).to.equal(out);
      expect(media.findCachedDeviceByIdAndKind(mic.deviceId, 'videoinput')).to.equal(undefined);
      expect(media.findCachedAudioDeviceById('nope')).to.equal(undefined);
      expect(media.findCachedAudioDeviceById()).to.equal(undefined);
      expect(media.doesDeviceExistInCache(mic)).to.equal(true);
      expect(media.doesDeviceExistInCache(fakeDevice('audioinput', 'x', 'y'))).to.equal(false);
      expect(media.doesDeviceExistInCache()).to.equal(false);

      const stream = await media.startMedia({ video: cam.deviceId });
      const track = stream.getVideoTracks()[0];
      expect(media.findCachedDeviceByTrackLabelAndKind(track)?.deviceId).to.equal(cam.deviceId);
      expect(media.findCachedDeviceByTrackLabel(track)?.deviceId).to.equal(cam.deviceId);
      expect(media.findCachedDeviceByTrackLabelAndKind()).to.equal(undefined);
    });

    itChromiumOnly('getValidDeviceId: requested device, then SDK default, then undefined (system default)', 'Firefox fakes one microphone, the test needs Chromium\'s named fake microphones', async () => {
      const { media, defaults, logger } = makeMedia();
      await media.enumerateDevices();
      const [, mic1, mic2] = media.getAudioDevices();
      expect(media.getValidDeviceId('audioinput', mic1.deviceId)).to.equal(mic1.deviceId);
      expect(media.getValidDeviceId('audioinput', 'missing')).to.equal(undefined);
      expect(media.getValidDeviceId('audioinput', true)).to.equal(undefined);

      defaults.audioDeviceId = mic2.deviceId;
      expect(media.getValidDeviceId('audioinput', 'missing', { id: 'session-1' })).to.equal(mic2.deviceId);
      const warning = logger.at('warn').find((e) => e.message.includes('using the SDK default'));
      expect(JSON.stringify(warning?.details)).to.include('session-1');
      expect(media.getValidDeviceId('audioinput', true)).to.equal(mic2.deviceId);
      expect(media.getValidDeviceId('audioinput', false)).to.equal(mic2.deviceId);
      expect(media.getValidDeviceId('audioinput', null), 'null is the system default').to.equal(undefined);
      expect(media.getValidDeviceId('videoinput', mic1.deviceId), 'kind must match').to.equal(undefined);

      defaults.audioDeviceId = 'gone';
      expect(media.getValidDeviceId('audioinput', true)).to.equal(undefined);
    });

    it('getValidSdkMediaRequestDeviceId maps undefined/false to true and keeps the rest', () => {
      const { media } = makeMedia();
      expect(media.getValidSdkMediaRequestDeviceId()).to.equal(true);
      expect(media.getValidSdkMediaRequestDeviceId(false)).to.equal(true);
      expect(media.getValidSdkMediaRequestDeviceId(true)).to.equal(true);
      expect(media.getValidSdkMediaRequestDeviceId(null)).to.equal(null);
      expect(media.getValidSdkMediaRequestDeviceId('abc')).to.equal('abc');
    });

    it('enumerateDevices settles with the cache when the browser call hangs or fails', async () => {
      const stub = new StubMediaDevices();
      stub.list = [fakeDevice('audioinput', 'mic-1', 'Mic')];
      const { media, logger } = makeMedia({ mediaDevices: stub, enumerateTimeoutMs: 50 });
      await media.enumerateDevices();
      stub.enumerateImpl = () => new Promise(() => undefined);
      expect((await media.enumerateDevices()).map((d) => d.deviceId)).to.deep.equal(['mic-1']);
      stub.enumerateImpl = () => Promise.reject(new DOMException('boom', 'AbortError'));
      expect((await media.enumerateDevices()).map((d) => d.deviceId)).to.deep.equal(['mic-1']);
      expect(logger.at('error').length).to.be.greaterThan(1);
    });
  });

  describe('requestMediaPermissions', () => {
    it('audio: emits requested then granted, returns nothing and leaves no live tracks', async () => {
      const { media } = makeMedia();
      const permissions = collect(media, 'permissions');
      const result = await media.requestMediaPermissions('audio');
      expect(result).to.equal(undefined);
      expect(permissions.map((p) => [p.micPermissionsRequested, p.hasMicPermissions])).to.deep.equal([[true, false], [true, true]]);
      expect(permissions.every((p) => p.eventType === 'permissions')).to.equal(true);
      const state = media.getState();
      expect(state.hasMicPermissions).to.equal(true);
      expect(state.cameraPermissionsRequested).to.equal(false);
      expect(state.hasCameraPermissions).to.equal(false);
      expect(state.audioDevices.every((d) => d.label !== '')).to.equal(true);
      expect(media.getAllActiveMediaTracks()).to.deep.equal([]);
    });

    it('video with preserveMedia returns a live camera track the SDK tracks', async () => {
      const { media } = makeMedia();
      const stream = await media.requestMediaPermissions('video', true);
      expect(stream).to.be.instanceOf(MediaStream);
      expect(stream!.getVideoTracks()).to.have.length(1);
      expect(stream!.getAudioTracks()).to.have.length(0);
      expect(media.getAllActiveMediaTracks()).to.deep.equal(stream!.getTracks());
      const state = media.getState();
      expect(state.hasCameraPermissions).to.equal(true);
      expect(state.cameraPermissionsRequested).to.equal(true);
      expect(state.micPermissionsRequested).to.equal(false);
    });

    it('both: one gUM per type, combined when preserved, all stopped when not', async () => {
      const { media } = makeMedia();
      const gums = collect(media, 'gumRequest');
      const stream = await media.requestMediaPermissions('both', true, { uuid: 'perm-both' });
      expect(stream!.getAudioTracks()).to.have.length(1);
      expect(stream!.getVideoTracks()).to.have.length(1);
      expect(gums).to.have.length(2);
      expect(gums.map((g) => g.mediaRequestOptions.uuid)).to.deep.equal(['perm-both', 'perm-both']);
      expect(gums[0].constraints.video).to.equal(false);
      expect(gums[1].constraints.audio).to.equal(false);
      const state = media.getState();
      expect([state.hasMicPermissions, state.hasCameraPermissions]).to.deep.equal([true, true]);

      const again = await media.requestMediaPermissions('both');
      expect(again).to.equal(undefined);
      expect(media.getAllActiveMediaTracks()).to.have.length(2, 'only the preserved stream stays live');
      stream!.getTracks().forEach((t) => t.stop());
      expect(media.getAllActiveMediaTracks()).to.deep.equal([]);
    });

    it('forces the requested type to be requested and ignores the other type', async () => {
      const { media } = makeMedia();
      const gums = collect(media, 'gumRequest');
      await media.requestMediaPermissions('audio', false, { audio: false, video: 'some-video-device-id', videoFrameRate: 30 });
      expect(gums).to.have.length(1);
      expect(gums[0].constraints.video).to.equal(false);
      expect(gums[0].constraints.audio).to.be.an('object');
      expect(gums[0].mediaRequestOptions.audio).to.equal(true);
      expect(gums[0].mediaRequestOptions.video).to.equal(false);
    });

    it('rejects an unknown media type with invalid_options', async () => {
      const { media, errors } = makeMedia();
      const error = await rejectionOf(media.requestMediaPermissions('screen' as never));
      expect(error).to.be.instanceOf(SdkError);
      expect((error as SdkError).type).to.equal(SdkErrorTypes.invalid_options);
      expect(errors).to.deep.equal([error]);
    });

    it('a denied permission rejects with a media SdkError, sets the flags and is not retried', async () => {
      const stub = new StubMediaDevices();
      stub.gum = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      const { media, errors } = makeMedia({ mediaDevices: stub });
      const permissions = collect(media, 'permissions');
      const error = await rejectionOf(media.requestMediaPermissions('audio', false, { audio: 'some-mic' }));
      expect(error).to.be.instanceOf(SdkError);
      const sdkError = error as SdkError;
      expect(sdkError.type).to.equal(SdkErrorTypes.media);
      expect(sdkError.name).to.equal('NotAllowedError');
      expect(sdkError.message).to.equal('Permission denied');
      expect(sdkError.cause).to.be.instanceOf(DOMException);
      expect(media.isPermissionsError(sdkError)).to.equal(true);
      expect(media.isPermissionsError(sdkError.cause as Error)).to.equal(true);
      expect(media.isPermissionsError(new DOMException('x', 'OverconstrainedError'))).to.equal(false);
      expect(stub.gumCalls).to.have.length(1);
      expect(errors).to.have.length(1);
      const state = media.getState();
      expect(state.micPermissionsRequested).to.equal(true);
      expect(state.hasMicPermissions).to.equal(false);
      expect(permissions).to.have.length(1, 'hasMicPermissions was already false: only the requested flag changed');
    });

    it('both with a denied video: still asks for video after audio, throws unless preserveMediaIfOneTypeFails', async () => {
      const stub = new StubMediaDevices();
      stub.gum = (c) => (c.video ? Promise.reject(new DOMException('denied', 'NotAllowedError')) : navigator.mediaDevices.getUserMedia(c));
      const { media } = makeMedia({ mediaDevices: stub });
      const error = await rejectionOf(media.requestMediaPermissions('both', true));
      expect((error as SdkError).name).to.equal('NotAllowedError');
      expect(media.getAllActiveMediaTracks(), 'the granted audio was stopped').to.deep.equal([]);
      expect(media.getState().hasMicPermissions).to.equal(true);
      expect(media.getState().hasCameraPermissions).to.equal(false);

      const kept = await media.requestMediaPermissions('both', true, { preserveMediaIfOneTypeFails: true });
      expect(kept!.getAudioTracks()).to.have.length(1);
      expect(kept!.getVideoTracks()).to.have.length(0);
    });
  });

  describe('startMedia', () => {
    itChromiumOnly('uses a valid device id (exact constraint) and tracks the result', 'Firefox fakes one microphone, the test needs Chromium\'s named fake microphones', async () => {
      const { media } = makeMedia();
      await media.requestMediaPermissions('audio');
      const mic = await realDevice('audioinput', 'Fake Audio Input 1');
      const gums = collect(media, 'gumRequest');
      const stream = await media.startMedia({ audio: mic.deviceId });
      const track = stream.getAudioTracks()[0];
      expect(track.label).to.equal('Fake Audio Input 1');
      expect(track.getSettings().deviceId).to.equal(mic.deviceId);
      expect(stream.getVideoTracks()).to.have.length(0);
      expect(gums).to.have.length(1);
      expect((gums[0].constraints.audio as MediaTrackConstraints).deviceId).to.deep.equal({ exact: mic.deviceId });
      expect(media.getAllActiveMediaTracks()).to.include(track);
    });

    it('requests permission first for a type never requested, then asks gUM directly', async () => {
      const { media } = makeMedia();
      const permissions = collect(media, 'permissions');
      const stream = await media.startMedia({ video: true });
      expect(stream.getVideoTracks()[0].readyState).to.equal('live');
      expect(permissions.map((p) => p.cameraPermissionsRequested)).to.include(true);
      const count = permissions.length;
      await media.startMedia({ video: true });
      expect(permissions).to.have.length(count, 'nothing changed on a second request');
    });

    itChromiumOnly('applies SDK defaults: default mic, audio processing and default resolution', 'Firefox fakes one microphone, the test needs Chromium\'s named fake microphones', async () => {
      const mic2 = await realDevice('audioinput', 'Fake Audio Input 2');
      const { media } = makeMedia({}, { audioDeviceId: mic2.deviceId, micEchoCancellation: false, videoResolution: { width: 320, height: 240 } });
      const gums = collect(media, 'gumRequest');
      const stream = await media.startMedia({ audio: true, video: true });
      expect(stream.getAudioTracks()[0].label).to.equal('Fake Audio Input 2');
      const audio = gums.find((g) => g.constraints.audio)!.constraints.audio as MediaTrackConstraints;
      expect(audio).to.deep.include({ echoCancellation: false, autoGainControl: true, noiseSuppression: true });
      const video = gums.find((g) => g.constraints.video)!.constraints.video as MediaTrackConstraints;
      expect(video).to.deep.include({ width: 320, height: 240, frameRate: { ideal: 30 } });
      expect(stream.getVideoTracks()[0].getSettings().width).to.equal(320);
    });

    it('an unknown device id falls back (logged) and settles with a live track', async () => {
      const { media, logger } = makeMedia();
      await media.requestMediaPermissions('audio');
      const gums = collect(media, 'gumRequest');
      const stream = await media.startMedia({ audio: 'no-such-mic' });
      expect(stream.getAudioTracks()[0].readyState).to.equal('live');
      expect(gums).to.have.length(2);
      expect((gums[1].constraints.audio as MediaTrackConstraints).deviceId).to.equal(undefined);
      expect(logger.at('warn').some((e) => e.message.includes('falling back'))).to.equal(true);
    });

    itChromiumOnly('an unknown device id tries the SDK default device before the system default', 'Firefox fakes one microphone, the test needs Chromium\'s named fake microphones', async () => {
      const mic2 = await realDevice('audioinput', 'Fake Audio Input 2');
      const { media } = makeMedia({}, { audioDeviceId: mic2.deviceId });
      await media.requestMediaPermissions('audio');
      const gums = collect(media, 'gumRequest');
      const stream = await media.startMedia({ audio: 'no-such-mic' });
      expect(gums).to.have.length(2);
      expect(stream.getAudioTracks()[0].label).to.equal('Fake Audio Input 2');
    });

    it('without retry an unknown device id rejects with a media SdkError keeping the DOMException name', async () => {
      const { media, errors } = makeMedia();
      await media.requestMediaPermissions('audio');
      const error = await rejectionOf(media.startMedia({ audio: 'no-such-mic', retryOnFailure: false }));
      expect(error).to.be.instanceOf(SdkError);
      expect((error as SdkError).type).to.equal(SdkErrorTypes.media);
      expect((error as SdkError).name).to.equal('OverconstrainedError');
      expect((error as SdkError<{ constraint?: string }>).details?.constraint).to.equal('deviceId');
      expect(errors).to.deep.equal([error]);
      expect(media.getAllActiveMediaTracks()).to.deep.equal([]);
      // the deprecated second parameter is honoured too
      await rejectionOf(media.startMedia({ audio: 'no-such-mic' }, false));
    });

    it('retries video without the resolution when the camera rejects it', async () => {
      const direct = await rejectionOf(navigator.mediaDevices.getUserMedia({ video: { width: { exact: 99999 } } }));
      expect((direct as DOMException).name, 'precondition: the browser rejects the resolution').to.equal('OverconstrainedError');

      const { media } = makeMedia();
      await media.requestMediaPermissions('video');
      const gums = collect(media, 'gumRequest');
      const cam = await realDevice('videoinput', isFirefox ? 'Default Video Device' : 'fake_device_0');
      const stream = await media.startMedia({ video: cam.deviceId, videoResolution: { width: { exact: 99999 }, height: 480 } });
      expect(stream.getVideoTracks()[0].readyState).to.equal('live');
      expect(gums).to.have.length(2);
      const first = gums[0].constraints.video as MediaTrackConstraints;
      const second = gums[1].constraints.video as MediaTrackConstraints;
      expect(first.width).to.deep.equal({ exact: 99999 });
      expect(second).to.not.have.property('width');
      expect(second).to.not.have.property('height');
      expect(second.frameRate).to.deep.equal({ ideal: 30 });
      expect(second.deviceId, 'same device, only the resolution dropped').to.deep.equal({ exact: cam.deviceId });
      await rejectionOf(gums[0].gumPromise);
    });

    it('videoResolution:false and videoFrameRate:false drop those constraints, even the SDK default', async () => {
      const { media } = makeMedia({}, { videoResolution: { width: 320, height: 240 } });
      const gums = collect(media, 'gumRequest');
      await media.startMedia({ video: true, videoResolution: false, videoFrameRate: false });
      const video = gums.at(-1)!.constraints.video as MediaTrackConstraints;
      expect(video).to.deep.equal({});
    });

    it('both types: a failing type stops the other unless preserveMediaIfOneTypeFails', async () => {
      const { media } = makeMedia();
      await media.requestMediaPermissions('both');
      const error = await rejectionOf(media.startMedia({ audio: true, video: 'no-such-cam', retryOnFailure: false }));
      expect((error as SdkError).type).to.equal(SdkErrorTypes.media);
      expect(media.getAllActiveMediaTracks()).to.deep.equal([]);

      const stream = await media.startMedia({ audio: true, video: 'no-such-cam', retryOnFailure: false, preserveMediaIfOneTypeFails: true });
      expect(stream.getAudioTracks()).to.have.length(1);
      expect(stream.getVideoTracks()).to.have.length(0);
    });

    it('requesting neither audio nor video is invalid_options', async () => {
      const { media } = makeMedia();
      const error = await rejectionOf(media.startMedia({ audio: false, video: undefined }));
      expect((error as SdkError).type).to.equal(SdkErrorTypes.invalid_options);
    });

    it('defaults to audio and video', async () => {
      const { media } = makeMedia();
      const stream = await media.startMedia();
      expect(stream.getAudioTracks()).to.have.length(1);
      expect(stream.getVideoTracks()).to.have.length(1);
    });

    it('a failure that no retry can fix settles after the de-duplicated attempts', async () => {
      const stub = new StubMediaDevices();
      stub.gum = () => Promise.reject(new DOMException('no source', 'NotReadableError'));
      const { media } = makeMedia({ mediaDevices: stub });
      const error = await rejectionOf(media.startMedia({ audio: true }));
      expect((error as SdkError).name).to.equal('NotReadableError');
      expect(stub.gumCalls.length, 'requested == system default: tried once').to.equal(1);
      const details = (error as SdkError<{ failures: unknown[] }>).details;
      expect(details?.failures).to.have.length(1);
    });
  });

  describe('startDisplayMedia and the default audio stream', () => {
    itChromiumOnly('startDisplayMedia returns screen media the SDK tracks', 'headless Firefox has no screen to capture: getDisplayMedia rejects NotFoundError', async () => {
      const { media } = makeMedia();
      const stream = await media.startDisplayMedia({ conversationId: 'c1' });
      const [track] = stream.getVideoTracks();
      expect(track.readyState).to.equal('live');
      expect(media.getAllActiveMediaTracks()).to.include(track);
      media.destroy();
      expect(track.readyState).to.equal('ended');
    });

    it('startDisplayMedia is not_supported without getDisplayMedia', async () => {
      const stub = new StubMediaDevices();
      Object.defineProperty(stub, 'getDisplayMedia', { value: undefined });
      const { media } = makeMedia({ mediaDevices: stub });
      const error = await rejectionOf(media.startDisplayMedia());
      expect((error as SdkError).type).to.equal(SdkErrorTypes.not_supported);
    });

    it('setDefaultAudioStream keeps a live stream and clears itself once its audio ends', async () => {
      const { media } = makeMedia();
      const stream = await media.startMedia({ audio: true });
      media.setDefaultAudioStream(stream);
      expect(media.getDefaultAudioStream()).to.equal(stream);
      expect(media.isDefaultAudioTrack(stream.getAudioTracks()[0])).to.equal(true);
      stream.getAudioTracks()[0].stop();
      expect(media.getDefaultAudioStream()).to.equal(undefined);
      media.setDefaultAudioStream(stream);
      expect(media.getDefaultAudioStream(), 'a dead stream is not accepted as default').to.equal(undefined);
      media.setDefaultAudioStream();
      expect(media.getDefaultAudioStream()).to.equal(undefined);
    });
  });

  describe('audioTrackVolume', () => {
    it('emits numeric volume for a monitored mic and stops when the track stops', async () => {
      const { media } = makeMedia();
      const events = collect(media, 'audioTrackVolume');
      const stream = await media.startMedia({ audio: true, monitorMicVolume: true, sessionId: 'session-7' });
      const track = stream.getAudioTracks()[0];
      while (events.length < 3) await sleep(50);
      for (const event of events) {
        expect(event.track).to.equal(track);
        expect(event.volume).to.be.a('number');
        expect(Number.isFinite(event.volume)).to.equal(true);
        expect(event.muted).to.equal(false);
        expect(event.sessionId).to.equal('session-7');
      }

      track.enabled = false;
      const muted = await nextEvent(media, 'audioTrackVolume', (e) => e.muted);
      expect(muted.volume).to.equal(0);

      track.stop();
      const count = events.length;
      await sleep(350);
      expect(events).to.have.length(count);
    });

    it('monitors by SDK default, a session ties events to its id, and false overrides the default', async () => {
      const { media } = makeMedia({}, { monitorMicVolume: true });
      const event = nextEvent(media, 'audioTrackVolume');
      const stream = await media.startMedia({ audio: true, session: { id: 'sess-1', conversationId: 'conv-1' } });
      expect((await event).sessionId).to.equal('sess-1');
      expect((await event).track).to.equal(stream.getAudioTracks()[0]);
      stream.getTracks().forEach((t) => t.stop());

      const events = collect(media, 'audioTrackVolume');
      const quiet = await media.startMedia({ audio: true, monitorMicVolume: false });
      await sleep(350);
      expect(events.filter((e) => e.track === quiet.getAudioTracks()[0])).to.have.length(0);
    });
  });

  describe('device changes', () => {
    itChromiumOnly('devicechange re-enumerates, emits devices and reports removals to the session hook', 'needs Chromium\'s named fake microphones and a display capture, which headless Firefox lacks', async () => {
      const real = await navigator.mediaDevices.enumerateDevices();
      const headset = fakeDevice('audioinput', 'usb-headset', 'USB Headset');
      const stub = new StubMediaDevices();
      stub.list = [...real, headset];
      const mic1 = real.find((d) => d.label === 'Fake Audio Input 1')!;
      const { media } = makeMedia({ mediaDevices: stub, getSessions: () => [{ id: 'sess-9' }] }, { audioDeviceId: 'usb-headset' });
      await media.enumerateDevices();
      const stream = await media.startMedia({ audio: mic1.deviceId });
      const micTrack = stream.getAudioTracks()[0];
      const screen = await media.startDisplayMedia();

      const changes: Parameters<Parameters<typeof media.onDevicesChanged>[0]>[0][] = [];
      media.onDevicesChanged((change) => changes.push(change));

      stub.list = real.filter((d) => d.deviceId !== mic1.deviceId);
      const devicesEvent = nextEvent(media, 'devices');
      stub.fireDeviceChange();
      const state = await devicesEvent;
      expect(state.eventType).to.equal('devices');
      expect(state.devices.map((d) => d.deviceId)).to.not.include('usb-headset');
      expect(state.oldDevices.map((d) => d.deviceId)).to.include('usb-headset');
      expect(media.findCachedAudioDeviceById('usb-headset')).to.equal(undefined);

      expect(changes).to.have.length(1);
      const [change] = changes;
      expect(change.removed.map((d) => d.deviceId).sort()).to.deep.equal([mic1.deviceId, 'usb-headset'].sort());
      expect(change.added).to.deep.equal([]);
      expect(change.removedDefaults).to.deep.equal(['audioDeviceId']);
      expect(change.orphanedTracks).to.deep.equal([micTrack]);
      expect(change.orphanedTracks).to.not.include(screen.getVideoTracks()[0]);

      stub.list = [...real];
      const added = nextEvent(media, 'devices');
      stub.fireDeviceChange();
      await added;
      expect(changes).to.have.length(2);
      expect(changes[1].added.map((d) => d.deviceId)).to.deep.equal([mic1.deviceId]);
      expect(changes[1].removed).to.deep.equal([]);
    });

    it('a throwing hook or listener does not stop the others or corrupt state', async () => {
      const stub = new StubMediaDevices();
      stub.list = [fakeDevice('audioinput', 'a', 'A'), fakeDevice('audioinput', 'b', 'B')];
      const { media, logger } = makeMedia({ mediaDevices: stub });
      await media.enumerateDevices();
      const seen: string[] = [];
      media.onDevicesChanged(() => {
        throw new Error('hook boom');
      });
      media.onDevicesChanged((c) => seen.push(...c.removed.map((d) => d.deviceId)));
      media.on('state', () => {
        throw new Error('listener boom');
      });
      const states: SdkMediaStateWithType[] = collect(media, 'state');
      const devices = collect(media, 'devices');
      stub.list = [fakeDevice('audioinput', 'a', 'A')];
      await media.enumerateDevices();
      expect(seen).to.deep.equal(['b']);
      expect(states).to.have.length(1);
      expect(devices).to.have.length(1);
      expect(media.getAudioDevices().map((d) => d.deviceId)).to.deep.equal(['a']);
      expect(logger.at('error').map((e) => e.message).join('|')).to.include('listener threw').and.include('handler threw');
    });

    it('the unsubscribe returned by onDevicesChanged stops notifications', async () => {
      const stub = new StubMediaDevices();
      stub.list = [fakeDevice('audioinput', 'a', 'A')];
      const { media } = makeMedia({ mediaDevices: stub });
      await media.enumerateDevices();
      let calls = 0;
      const off = media.onDevicesChanged(() => calls++);
      stub.list = [];
      await media.enumerateDevices();
      off();
      stub.list = [fakeDevice('audioinput', 'a', 'A')];
      await media.enumerateDevices();
      expect(calls).to.equal(1);
    });
  });

  describe('destroy', () => {
    it('stops every SDK-created track and monitor, removes listeners and ignores later device changes', async () => {
      const stub = new StubMediaDevices();
      const { media } = makeMedia({ mediaDevices: stub });
      const a = await media.startMedia({ audio: true, video: true, monitorMicVolume: true });
      const b = await media.requestMediaPermissions('audio', true);
      media.on('state', () => undefined);
      const tracks = [...a.getTracks(), ...b!.getTracks()];
      expect(media.getAllActiveMediaTracks()).to.have.length(3);

      const external = await navigator.mediaDevices.getUserMedia({ audio: true });
      media.destroy();
      expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
      expect(external.getAudioTracks()[0].readyState, 'tracks the SDK did not create are untouched').to.equal('live');
      external.getTracks().forEach((t) => t.stop());
      expect(media.getAllActiveMediaTracks()).to.deep.equal([]);
      expect(media.listenerCount('state')).to.equal(0);
      expect(media.listenerCount('audioTrackVolume')).to.equal(0);

      const events = collect(media, 'audioTrackVolume');
      const calls = stub.enumerateCalls;
      stub.fireDeviceChange();
      await sleep(350);
      expect(stub.enumerateCalls).to.equal(calls);
      expect(events).to.have.length(0);
      const error = await rejectionOf(media.startMedia({ audio: true }));
      expect(error).to.be.instanceOf(SdkError);
      media.destroy(); // idempotent
    });
  });
});
