// The video/screen code loads lazily (docs/packaging.md "Lazy files"): signaling that arrives
// before it loaded is held and handled in order; a failed load is one sdkError and the proposal is
// dropped cleanly; the script-tag bundle fetches its lazy files only when needed, and a media
// element inserted with innerHTML after load upgrades, with lit from the main bundle.
import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, type IExtendedMediaSession, type IPendingSession, type ISdkConfig, type SdkError } from '../../src/index';
import { _setSessionHandlersLoader, type LazyHandlersModule } from '../../src/sessions/load-handlers';
import { bundlePage } from '../support/bundle-page';
import { itChromiumOnly } from '../support/browser';
import { control, emulatorInfo, newAgent, quietLogger, type EmulatorInfo } from '../support/emulator-client';
import { captureScreen } from '../support/screen';
import { until } from '../support/until';

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
before(async () => { info = await emulatorInfo(); });
afterEach(async () => {
  _setSessionHandlersLoader();
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
});

async function readySdk(config: Partial<ISdkConfig>): Promise<GenesysCloudWebrtcSdk> {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, ...config } as ISdkConfig);
  sdks.push(sdk);
  await sdk.initialize();
  return sdk;
}

/** A loader that waits for `open()`; `loads` counts the imports asked for. */
function gatedLoader(fail = false) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  const state = { loads: 0, open };
  _setSessionHandlersLoader(async () => {
    state.loads++;
    await gate;
    if (fail) throw new Error('the chunk could not be fetched (test)');
    return import('../../src/sessions/lazy-handlers') as Promise<LazyHandlersModule>;
  });
  return state;
}

describe('lazily loaded session handlers', () => {
  itChromiumOnly('a screen recording proposed before its code loaded: one pendingSession then one sessionStarted, accepted with real media', 'headless Firefox has no screen to capture', async () => {
    const loader = gatedLoader();
    const agent = await newAgent();
    const sdk = await readySdk({ accessToken: agent.accessToken, allowedSessionTypes: ['screenRecording'] as ISdkConfig['allowedSessionTypes'] });
    const events: string[] = [];
    const pendings: IPendingSession[] = [];
    const started: IExtendedMediaSession[] = [];
    sdk.on('pendingSession', (p) => { events.push('pendingSession'); pendings.push(p); });
    sdk.on('sessionStarted', (s) => { events.push('sessionStarted'); started.push(s); });
    sdk.on('sessionEnded', () => events.push('sessionEnded'));
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    // the proposal is in, its handler is not: held, nothing emitted yet
    await until(() => sdk._pendingCount === 1, 'the proposal held by the session manager');
    await until(() => loader.loads === 1, 'the post-ready preload waiting on the gate');
    expect(events).to.deep.equal([]);
    loader.open();
    const pending = await until(() => pendings[0], 'pendingSession once the code loaded');
    expect(pending.conversationId).to.equal(conversationId);
    await sdk.acceptPendingSession({ conversationId, sessionType: 'screenRecording' });
    const session = await until(() => started[0], 'sessionStarted');
    const stream = await captureScreen();
    const metadatas = stream.getVideoTracks().map((t, i) => ({ trackId: t.id, screenId: t.id, originX: 0, originY: 0, resolutionX: 640, resolutionY: 480, primary: i === 0 }));
    await sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream: stream, screenRecordingMetadatas: metadatas });
    await until(async () => (await control<{ counters: { video: { rtpPacketsFromClient: number } } }>('GET', `screen-recordings/${conversationId}`)).counters.video.rtpPacketsFromClient > 30, 'screen video at the emulator');
    expect(events).to.deep.equal(['pendingSession', 'sessionStarted']);
    expect(loader.loads).to.equal(1);
    await control('DELETE', `screen-recordings/${conversationId}`);
    await until(() => events.length === 3, 'the recording ended');
    expect(events).to.deep.equal(['pendingSession', 'sessionStarted', 'sessionEnded']);
    expect(session.conversationId).to.equal(conversationId);
  });

  it('a failed load: one sdkError, the held proposal dropped, no session; the next proposal loads again and works', async () => {
    const failing = gatedLoader(true);
    const agent = await newAgent();
    const sdk = await readySdk({ accessToken: agent.accessToken, allowedSessionTypes: ['screenRecording'] as ISdkConfig['allowedSessionTypes'] });
    const errors: SdkError[] = [];
    const events: string[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    sdk.on('pendingSession', () => events.push('pendingSession'));
    sdk.on('sessionStarted', () => events.push('sessionStarted'));
    await control('POST', 'screen-recordings', { userId: agent.userId });
    await until(() => sdk._pendingCount === 1 && failing.loads === 1, 'the proposal held while the code loads');
    failing.open();
    await until(() => errors.length === 1 && sdk._pendingCount === 0, 'one sdkError and the proposal dropped');
    expect(errors[0]!.type).to.equal('session');
    expect(errors[0]!.message).to.match(/Could not load the screenRecording session code/);
    expect(events).to.deep.equal([]);

    const working = gatedLoader();
    working.open();
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    await until(() => events.length === 1, 'pendingSession of the second recording');
    await sdk.rejectPendingSession({ conversationId, sessionType: 'screenRecording' });
    await until(async () => (await control<{ state: string }>('GET', `screen-recordings/${conversationId}`)).state === 'ended', 'the rejected recording ended at the emulator');
    expect(errors).to.have.length(1);
    expect(events).to.deep.equal(['pendingSession']);
  });
});

describe('script-tag bundle lazy files', () => {
  it('fetches nothing lazy for a softphone page; preloads the session code after ready; a <gc-screen-share> from innerHTML upgrades with the main bundle\'s lit', async () => {
    const frame = await bundlePage('<main></main>');
    const win = frame.contentWindow as Window & typeof globalThis & { GenesysCloudWebrtcSdk: { GenesysCloudWebrtcSdk: typeof GenesysCloudWebrtcSdk } };
    const fetched = (file: string): number => win.performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/dist/${file}`)).length;
    expect(fetched('gc-webrtc-sdk.bundle.js')).to.equal(1);
    const Sdk = win.GenesysCloudWebrtcSdk.GenesysCloudWebrtcSdk;
    const make = (allowedSessionTypes: string[], accessToken: string) => {
      // destroyed in the test: the frame (and its timers) is gone by afterEach
      return new Sdk({ accessToken, environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, allowedSessionTypes } as ISdkConfig);
    };
    // softphone only: no video/screen handler, so nothing lazy is ever asked for
    const soft = make(['softphone'], (await newAgent()).accessToken);
    await soft.initialize();
    await soft.destroy();
    expect(fetched('gc-webrtc-sdk.sessions.js') + fetched('gc-webrtc-sdk.media-elements.js') + fetched('gc-webrtc-sdk.stats.js')).to.equal(0);
    // video allowed: ready comes first (the session code is not on its path), then the preload
    const video = make(['collaborateVideo'], (await newAgent()).accessToken);
    let atReady = -1;
    video.on('ready', () => { atReady = fetched('gc-webrtc-sdk.sessions.js'); });
    await video.initialize();
    expect(atReady).to.equal(0);
    await until(() => fetched('gc-webrtc-sdk.sessions.js') === 1, 'the session code preloaded after ready');
    expect(fetched('gc-webrtc-sdk.media-elements.js')).to.equal(0);
    expect(fetched('gc-webrtc-sdk.stats.js'), 'telemetry is off').to.equal(0);

    // a media element created later through innerHTML: the elements file loads once and the tag upgrades
    const doc = frame.contentDocument!;
    doc.querySelector('main')!.innerHTML = '<gc-screen-share></gc-screen-share><gc-video-conference></gc-video-conference>';
    await win.customElements.whenDefined('gc-screen-share');
    const el = doc.querySelector('gc-screen-share')!;
    expect(el).to.be.instanceOf(win.customElements.get('gc-screen-share')!);
    await until(() => el.shadowRoot?.childElementCount, 'the upgraded element rendered');
    expect(win.customElements.get('gc-video-conference')).to.be.a('function');
    expect(fetched('gc-webrtc-sdk.media-elements.js')).to.equal(1);
    // lit is not in the lazy files (they take it from the main bundle): lit-html registers its version in one place only
    const [main, elements] = await Promise.all(['gc-webrtc-sdk.bundle.js', 'gc-webrtc-sdk.media-elements.js'].map(async (f) => (await fetch(`/dist/${f}`)).text()));
    expect(main).to.include('litHtmlVersions');
    expect(elements).not.to.include('litHtmlVersions');
    expect((win as unknown as { litHtmlVersions: string[] }).litHtmlVersions).to.have.length(1);
    await video.destroy();
  });
});
