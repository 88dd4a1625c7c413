// <gc-screen-share> by clicking, as a user would, against the live emulator: a guest types a
// security code and shares (screen video counted at the emulator), Stop ends it; the agent's
// recording indicator follows the emulator's recording; an observer sees the target's screen.
// Through the ES build and through the script-tag bundle. Screenshots: test-results/screenshots/screen-*.png.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../elements/index';
import { GcScreenShare, GcWebrtcSdk, setStrings } from '../../elements/index';
import { control, emulatorInfo, newAgent, quietLogger, type AgentInfo } from '../support/emulator-client';
import { bundlePage } from '../support/bundle-page';
import { until } from '../support/until';
import { $, button, click, screenshot, typeInto } from '../support/user';
import { expectMovingVideo } from '../support/video-frames';
import { Emitter } from './fake-engine';
import { itChromiumOnly } from '../support/browser';

interface Leg { purpose?: string; state: string; counters: { video: { rtpPacketsFromClient: number } } }
interface RecordingView { conversationId: string; metadata?: unknown[]; counters?: { video?: { rtpPacketsFromClient?: number } } }

const shareLeg = async (conversationId: string): Promise<Leg | undefined> =>
  (await control<{ legs: Leg[] }>('GET', `conversations/${conversationId}`)).legs.find((l) => l.purpose === 'screenShare');
/** The share leg still in progress (a second share is a new leg). */
const liveShareLeg = async (conversationId: string): Promise<Leg | undefined> =>
  (await control<{ legs: Leg[] }>('GET', `conversations/${conversationId}`)).legs.find((l) => l.purpose === 'screenShare' && l.state !== 'ended');

async function guestElement(doc: 'es' | 'bundle'): Promise<{ el: GcScreenShare; sdkEl: GcWebrtcSdk }> {
  const info = await emulatorInfo();
  if (doc === 'es') {
    const sdkEl = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost} org-id=${info.organizationId}
      opt-out-of-telemetry use-headsets="false" allowed-session-types="screenShare" .config=${{ logger: quietLogger }}>
      <gc-screen-share></gc-screen-share></gc-webrtc-sdk>`);
    return { sdkEl, el: sdkEl.querySelector('gc-screen-share')! };
  }
  const frame = await bundlePage(`<gc-webrtc-sdk environment="${info.environment}" ws-host="${info.wsHost}" org-id="${info.organizationId}"
    opt-out-of-telemetry use-headsets="false" allowed-session-types="screenShare"><gc-screen-share></gc-screen-share></gc-webrtc-sdk>`);
  await expectRegisteredByBundle(frame);
  const sdkEl = frame.contentDocument!.querySelector('gc-webrtc-sdk') as GcWebrtcSdk;
  sdkEl.config = { logger: quietLogger };
  return { sdkEl, el: frame.contentDocument!.querySelector('gc-screen-share') as GcScreenShare };
}

/** The script-tag bundle registered `<gc-screen-share>` with its own class: its lazy file, loaded because the tag is in the page. */
async function expectRegisteredByBundle(frame: HTMLIFrameElement): Promise<void> {
  const win = frame.contentWindow as Window & typeof globalThis & { GenesysCloudWebrtcSdk: { loadMediaElements(): Promise<{ GcScreenShare: unknown }> } };
  await win.customElements.whenDefined('gc-screen-share');
  expect(win.customElements.get('gc-screen-share')).to.equal((await win.GenesysCloudWebrtcSdk.loadMediaElements()).GcScreenShare);
}

async function guestScenario(el: GcScreenShare, shots: string, opts: { removeWhileSharing?: boolean } = {}): Promise<void> {
  const accessible = el.ownerDocument === document ? () => expect(el).to.be.accessible() : () => Promise.resolve();
  const agent = await newAgent();
  const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
  const { securityCode } = await control<{ securityCode: string }>('POST', 'guest-codes', { conversationId });
  await until(() => el.shadowRoot?.querySelector('input[part="code-input"]'), 'the security code field');
  const input = $<HTMLInputElement>(el, 'input[part="code-input"]');
  // labelled "Security code"
  expect(el.shadowRoot!.querySelector(`label[for="${input.id}"]`)!.textContent).to.equal('Security code');
  await accessible();
  await screenshot(`${shots}-code`);

  // a wrong code is explained in words, and the element stays usable
  await typeInto(input, 'WRONG1');
  await click(button(el, 'Share screen'));
  await until(() => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('not valid or has already been used'), 'the wrong-code message');
  await accessible();
  await screenshot(`${shots}-wrong-code`);

  await typeInto($<HTMLInputElement>(el, 'input[part="code-input"]'), securityCode);
  await click(button(el, 'Share screen'));
  await until(() => el.state === 'sharing', 'sharing', 20000);
  await el.updateComplete;
  expect($(el, '[part="status"]').textContent).to.match(/You are sharing/);
  // announced through the element's live region, which stays in the page
  expect($(el, '[aria-live="polite"]').textContent).to.match(/You are sharing/);
  // the Share button is gone: focus moved to Stop sharing, not to <body>
  expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Stop sharing'));
  // the code is gone from the DOM once used
  expect(el.shadowRoot!.innerHTML).not.to.contain(securityCode);
  expect(el.ownerDocument.documentElement.outerHTML).not.to.contain(securityCode);
  await expectMovingVideo($<HTMLVideoElement>(el, 'video[part="preview"]'), 'the shared screen preview');
  await until(async () => ((await shareLeg(conversationId))?.counters.video.rtpPacketsFromClient ?? 0) > 30, 'screen video counted at the emulator', 20000);
  await accessible();
  await screenshot(`${shots}-sharing`);

  await click(button(el, 'Stop sharing'));
  await until(() => el.state === 'idle', 'stopped');
  await until(async () => (await shareLeg(conversationId))?.state === 'ended', 'the emulator ends the share', 15000);
  await el.updateComplete;
  expect($(el, '[part="status"]').textContent).to.contain('Sharing stopped');
  expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Share again'));
  expect($(el, '[aria-live="polite"]').textContent).to.contain('Sharing stopped');
  await accessible();
  await screenshot(`${shots}-stopped`);
  if (!opts.removeWhileSharing) return;

  // Share again (the redeemed code still holds), then the element leaves the page mid-share:
  // the share ends at the emulator and the screen capture stops
  await click(button(el, 'Share again'));
  await until(() => el.state === 'sharing', 'sharing again', 20000);
  await el.updateComplete;
  const preview = $<HTMLVideoElement>(el, 'video[part="preview"]');
  const captured = (preview.srcObject as MediaStream).getVideoTracks()[0];
  await until(async () => ((await liveShareLeg(conversationId))?.counters.video.rtpPacketsFromClient ?? 0) > 10, 'the second share at the emulator', 20000);
  el.remove();
  await until(async () => !(await liveShareLeg(conversationId)), 'the emulator ends the share of a removed element', 15000);
  expect(captured.readyState).to.equal('ended');
}

describe('<gc-screen-share> guest', function () {
  this.timeout(90000);

  itChromiumOnly('ES build: types a security code, shares (screen video at the emulator), Stop sharing ends it; a wrong code is explained', 'headless Firefox has no screen to capture', async () => {
    const { el } = await guestElement('es');
    await guestScenario(el, 'screen-guest', { removeWhileSharing: true });
  });

  itChromiumOnly('script-tag bundle: the same in a page that loads only the bundle', 'headless Firefox has no screen to capture', async () => {
    const { el } = await guestElement('bundle');
    await guestScenario(el, 'screen-guest-bundle');
  });

  it('an empty code: a clear message and gc-sdk-error, nothing is sent; unknown mode likewise, still usable', async () => {
    const { el, sdkEl } = await guestElement('es');
    let initialized = 0;
    const original = sdkEl.sdk!.initialize.bind(sdkEl.sdk!);
    sdkEl.sdk!.initialize = (o) => { initialized++; return original(o); };
    const err = oneEvent(el, 'gc-sdk-error');
    await click(button(el, 'Share screen'));
    expect((await err).detail.type).to.equal('invalid_options');
    await el.updateComplete;
    expect($(el, '[role="alert"]').textContent).to.contain('Enter the security code');
    expect(initialized).to.equal(0);
    await expect(el).to.be.accessible();
    await screenshot('screen-guest-empty-code');

    const modeErr = oneEvent(el, 'gc-sdk-error');
    el.setAttribute('mode', 'spectator');
    expect((await modeErr).detail.message).to.contain('Unknown mode');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Unknown mode “spectator”');
    expect(el.effectiveMode).to.equal('guest'); // falls back and stays usable
    expect(button(el, 'Share screen').disabled).to.equal(false);
    el.removeAttribute('mode');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).not.to.contain('Unknown mode');

    // a code somebody already used: explained in words, and the element stays usable
    const info = await emulatorInfo();
    const agent = await newAgent();
    const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    const { securityCode } = await control<{ securityCode: string }>('POST', 'guest-codes', { conversationId });
    const used = await fetch(`${info.environment}/api/v2/conversations/codes`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organizationId: info.organizationId, addCommunicationCode: securityCode }),
    });
    expect(used.ok).to.equal(true); // redeemed once, elsewhere
    const failed = oneEvent(el, 'gc-screen-share-error');
    await typeInto($<HTMLInputElement>(el, 'input[part="code-input"]'), securityCode);
    await click(button(el, 'Share screen'));
    expect((await failed).detail.action).to.equal('share');
    await until(() => el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('already been used'), 'the used-code message');
    expect(el.shadowRoot!.innerHTML).not.to.contain(securityCode);
    expect(button(el, 'Share screen').disabled).to.equal(false);
    expect($<HTMLInputElement>(el, 'input[part="code-input"]').value).to.equal('');
    await expect(el).to.be.accessible();
    await screenshot('screen-guest-used-code');
  });

  it('texts come from setStrings()', async () => {
    const el = await fixture<GcScreenShare>(html`<gc-screen-share mode="guest"></gc-screen-share>`);
    setStrings({ screen: { share: 'Partager l’écran' } });
    await el.updateComplete;
    expect(button(el, 'Partager l’écran').textContent).to.contain('Partager');
    setStrings({});
  });
});

async function agentConsole(agent: AgentInfo, inner: string | ReturnType<typeof html>): Promise<GcWebrtcSdk> {
  const info = await emulatorInfo();
  const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost} opt-out-of-telemetry use-headsets="false"
    allowed-session-types="softphone screenRecording liveScreenMonitoring" .config=${{ logger: quietLogger }} .accessToken=${agent.accessToken}>${inner}</gc-webrtc-sdk>`);
  if (el.connectionState !== 'connected') await oneEvent(el, 'gc-ready');
  return el;
}

/** An agent's `<gc-screen-share>` (observer with `auto-accept` if asked) in this page or in a page that loads only the bundle. */
async function agentScreenElement(doc: 'es' | 'bundle', agent: AgentInfo, observer = false): Promise<GcScreenShare> {
  if (doc === 'es') {
    const inner = observer ? html`<gc-screen-share mode="observer" auto-accept></gc-screen-share>` : html`<gc-screen-share></gc-screen-share>`;
    return (await agentConsole(agent, inner)).querySelector('gc-screen-share')!;
  }
  const info = await emulatorInfo();
  const frame = await bundlePage(`<gc-webrtc-sdk environment="${info.environment}" ws-host="${info.wsHost}" opt-out-of-telemetry use-headsets="false"
    allowed-session-types="softphone screenRecording liveScreenMonitoring">${observer ? '<gc-screen-share mode="observer" auto-accept></gc-screen-share>' : '<gc-screen-share></gc-screen-share>'}</gc-webrtc-sdk>`);
  await expectRegisteredByBundle(frame);
  const sdkEl = frame.contentDocument!.querySelector('gc-webrtc-sdk') as GcWebrtcSdk;
  sdkEl.config = { logger: quietLogger };
  sdkEl.accessToken = agent.accessToken;
  await until(() => sdkEl.connectionState === 'connected', 'the bundle page’s engine connected', 20000);
  return frame.contentDocument!.querySelector('gc-screen-share') as GcScreenShare;
}

async function recordingScenario(doc: 'es' | 'bundle', shots: string): Promise<void> {
  const agent = await newAgent();
  const el = await agentScreenElement(doc, agent);
  // axe runs in this document; the bundle page's element is the same code, checked through the ES build
  const accessible = doc === 'es' ? () => expect(el).to.be.accessible() : () => Promise.resolve();
  expect(el.effectiveMode).to.equal('agent');
  await el.updateComplete;
  expect(el.shadowRoot!.textContent).to.contain('not being recorded');
  await accessible();
  await screenshot(`${shots}-idle`);
  const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
  await until(() => el.shadowRoot!.querySelector('[part="prompt"]'), 'the recording prompt');
  await accessible();
  await screenshot(`${shots}-prompt`);
  await click(button(el, 'Allow'));
  const indicator = await until(() => el.shadowRoot!.querySelector<HTMLElement>('[part="indicator"]'), 'the recording indicator');
  expect(indicator.textContent).to.contain('Your screen is being recorded');
  expect(indicator.textContent).to.contain('Screen recording');
  expect(indicator.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  expect(indicator.closest('[role="status"]')).to.not.equal(null);
  // the prompt is gone: focus moved to the indicator's region, not to <body>
  expect(el.shadowRoot!.activeElement?.matches('[part~="status"], [part~="pick-button"]')).to.equal(true);
  await until(() => el.state === 'sharing', 'sharing with the recorder');
  await el.updateComplete;
  expect($(el, '[aria-live="polite"]').textContent).to.contain('Your screen is being recorded');
  const recording = await until(async () => {
    const r = await control<RecordingView>('GET', `screen-recordings/${conversationId}`);
    return (r.counters?.video?.rtpPacketsFromClient ?? 0) > 20 ? r : undefined;
  }, 'screen video at the recorder', 20000);
  expect(recording.metadata).to.have.length(1);
  await accessible();
  await screenshot(`${shots}-recorded`);
  await control('DELETE', `screen-recordings/${conversationId}`);
  await until(() => !el.shadowRoot!.querySelector('[part="indicator"]'), 'the indicator goes away', 15000);
  expect(el.state).to.equal('idle');
  await accessible();
}

async function observerScenario(doc: 'es' | 'bundle', shots: string): Promise<void> {
  const target = await newAgent();
  const supervisor = await newAgent();
  const targetEl = (await agentConsole(target, html`<gc-screen-share></gc-screen-share>`)).querySelector('gc-screen-share')!;
  const observer = await agentScreenElement(doc, supervisor, true);
  const accessible = doc === 'es' ? () => expect(observer).to.be.accessible() : () => Promise.resolve();
  await observer.updateComplete;
  expect(observer.shadowRoot!.textContent).to.contain('No live monitoring session');
  await accessible();
  await screenshot(`${shots}-idle`);
  const { conversationId } = await control<{ conversationId: string }>('POST', 'live-monitoring', { targetUserId: target.userId, observerUserId: supervisor.userId });
  // the target's screen: picked with a click when the browser needs one
  await until(() => targetEl.shadowRoot!.querySelector('[part="indicator"]'), 'the target’s monitoring indicator');
  const pick = targetEl.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]');
  if (pick) await click(pick);
  await until(() => targetEl.state === 'sharing', 'the target shares', 20000);
  expect(targetEl.shadowRoot!.querySelector('[part="indicator"]')!.textContent).to.contain('watched live');
  await until(() => observer.state === 'watching', 'observer watching', 20000);
  const screen = await until(() => observer.shadowRoot!.querySelector<HTMLVideoElement>('video[part="screen"]:not([hidden])'), 'a screen shown', 20000);
  await expectMovingVideo(screen, 'the target’s screen at the observer');
  await accessible();
  await screenshot(`${shots}-watching`);
  await click(button(observer, 'End monitoring'));
  await until(() => observer.state === 'idle', 'observer idle', 15000);
  await observer.updateComplete;
  expect(observer.shadowRoot!.activeElement?.matches('[part~="status"]')).to.equal(true); // focus stays in the element
  await until(() => !targetEl.shadowRoot!.querySelector('[part="indicator"]'), 'the target’s indicator goes', 15000);
  const view = await control<{ state?: string }>('GET', `live-monitoring/${conversationId}`).catch(() => ({ state: 'gone' }));
  expect(view.state ?? 'ended').to.not.equal('connected');
}

describe('<gc-screen-share> agent and observer', function () {
  this.timeout(90000);

  itChromiumOnly('agent, ES build: the recording prompt, Allow picks the screen, the indicator shows while the emulator records and goes when it stops', 'headless Firefox has no screen to capture', async () => {
    await recordingScenario('es', 'screen-agent');
  });

  itChromiumOnly('agent, script-tag bundle: the same in a page that loads only the bundle', 'headless Firefox has no screen to capture', async () => {
    await recordingScenario('bundle', 'screen-agent-bundle');
  });

  itChromiumOnly('observer, ES build: live monitoring of an agent shows the target’s screen; End monitoring ends it', 'headless Firefox has no screen to capture', async () => {
    await observerScenario('es', 'screen-observer');
  });

  itChromiumOnly('observer, script-tag bundle: the same, the observer in a page that loads only the bundle', 'headless Firefox has no screen to capture', async () => {
    await observerScenario('bundle', 'screen-observer-bundle');
  });
});

describe('<gc-screen-share> prompts (stand-in engine)', () => {
  function engine(userId = 'u-me') {
    const sdk = new Emitter() as Emitter & Record<string, unknown>;
    const calls: Array<[string, unknown]> = [];
    Object.assign(sdk, {
      isInitialized: true, isGuest: false, _personDetails: { id: userId },
      acceptPendingSession: (p: unknown) => { calls.push(['acceptPendingSession', p]); return Promise.resolve(); },
      rejectPendingSession: (p: unknown) => { calls.push(['rejectPendingSession', p]); return Promise.resolve(); },
      acceptSession: (p: unknown) => { calls.push(['acceptSession', p]); return Promise.resolve(); },
      endSession: (p: unknown) => { calls.push(['endSession', p]); return Promise.resolve(); },
      media: { startDisplayMedia: () => Promise.reject(Object.assign(new Error('no gesture'), { name: 'InvalidStateError' })) },
    });
    return { sdk, calls };
  }
  const pending = (sessionType: string, fromUserId?: string) => ({
    sessionId: `s-${sessionType}`, id: `s-${sessionType}`, conversationId: `c-${sessionType}`, sessionType, fromUserId,
    autoAnswer: false, toJid: 'me', fromJid: 'room@conference.x',
  });

  it('agent: Decline rejects a recording request; our own live monitoring needs no prompt; monitoring of others is not ours', async () => {
    const { sdk, calls } = engine();
    const el = await fixture<GcScreenShare>(html`<gc-screen-share .sdk=${sdk as unknown as GcScreenShare['sdk']}></gc-screen-share>`);
    sdk.emit('pendingSession', pending('liveScreenMonitoring', 'u-me')); // the engine proceeds our own
    sdk.emit('pendingSession', pending('liveScreenMonitoring', 'u-other')); // we would be the observer: not agent mode's
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="prompt"]')).to.have.length(0);
    sdk.emit('pendingSession', pending('screenRecording'));
    await el.updateComplete;
    expect(el.state).to.equal('pending');
    await expect(el).to.be.accessible();
    await click(button(el, 'Decline'));
    await until(() => calls.length === 1, 'reject');
    expect(calls[0]).to.deep.equal(['rejectPendingSession', { conversationId: 'c-screenRecording', sessionType: 'screenRecording' }]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="prompt"]')).to.have.length(0);
    expect(el.state).to.equal('idle');
  });

  it('agent: a recording that starts without a click asks the user to choose the screen', async () => {
    const { sdk } = engine();
    const el = await fixture<GcScreenShare>(html`<gc-screen-share .sdk=${sdk as unknown as GcScreenShare['sdk']}></gc-screen-share>`);
    sdk.emit('sessionStarted', { id: 'rec-1', conversationId: 'c-1', sessionType: 'screenRecording', on() { return this; }, off() { return this; } });
    const pick = await until(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]'), 'the pick button');
    expect(pick.textContent).to.contain('Choose the screen to share');
    expect(el.shadowRoot!.querySelector('[part="indicator"]')!.textContent).to.contain('being recorded');
    await expect(el).to.be.accessible();
    await screenshot('screen-agent-pick-needed');
  });

  it('observer: without auto-accept a monitoring session asks Watch, which accepts it', async () => {
    const { sdk, calls } = engine('u-supervisor');
    const el = await fixture<GcScreenShare>(html`<gc-screen-share mode="observer" .sdk=${sdk as unknown as GcScreenShare['sdk']}></gc-screen-share>`);
    sdk.emit('pendingSession', pending('liveScreenMonitoring', 'u-agent'));
    await el.updateComplete;
    expect(el.state).to.equal('pending');
    await expect(el).to.be.accessible();
    await screenshot('screen-observer-prompt');
    await click(button(el, 'Watch'));
    await until(() => calls.length === 1, 'accept');
    expect(calls[0]).to.deep.equal(['acceptPendingSession', { conversationId: 'c-liveScreenMonitoring', sessionType: 'liveScreenMonitoring' }]);
  });

  it('observer removed from the page: the watched session is ended (naming its session type) and every listener dropped', async () => {
    const { sdk, calls } = engine('u-supervisor');
    const el = await fixture<GcScreenShare>(html`<gc-screen-share mode="observer" auto-accept .sdk=${sdk as unknown as GcScreenShare['sdk']}></gc-screen-share>`);
    const session = Object.assign(new Emitter(), { id: 'mon-1', conversationId: 'c-mon', sessionType: 'liveScreenMonitoring', fromUserId: 'u-agent' });
    sdk.emit('sessionStarted', session);
    await until(() => el.state === 'watching', 'watching');
    expect(calls.map(([m]) => m)).to.deep.equal(['acceptSession']);
    el.remove();
    expect(calls[1]).to.deep.equal(['endSession', { conversationId: 'c-mon', sessionType: 'liveScreenMonitoring' }]);
    for (const event of ['pendingSession', 'sessionStarted', 'sessionEnded']) expect(sdk.count(event), event).to.equal(0);
    expect(session.count('incomingMedia')).to.equal(0);
  });

  it('finds its engine with for="id"', async () => {
    const { sdk } = engine();
    const wrap = await fixture<HTMLDivElement>(html`<div><div id="screen-engine" .sdk=${sdk}></div><gc-screen-share for="screen-engine"></gc-screen-share></div>`);
    const el = wrap.querySelector('gc-screen-share')!;
    wrap.querySelector('#screen-engine')!.dispatchEvent(new CustomEvent('gc-engine-change'));
    await el.updateComplete;
    expect(el.effectiveMode).to.equal('agent');
    sdk.emit('pendingSession', pending('screenRecording'));
    await until(() => el.shadowRoot!.querySelector('[part="prompt"]'), 'the prompt from the engine found by for=');
  });
});
