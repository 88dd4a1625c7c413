// Fixture tests of the gc-* elements (with the axe accessibility audit) against the live emulator.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../elements/index';
import { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, setStrings } from '../../elements/index';
import { GcElement } from '../../elements/internal/gc-element';
import { domEventName } from '../../elements/internal/events';
import type { HeadsetEvent } from '../../src/headsets/types';

interface Agent { userId: string; accessToken: string; name: string }
interface Info { environment: string; wsHost: string; organizationId: string; agents: Agent[] }
let info: Info;

async function freshAgent(): Promise<Agent> {
  const res = await fetch(`${info.environment}/__emulator/agents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return res.json() as Promise<Agent>;
}

async function connectedSdkElement(agent: Agent): Promise<GcWebrtcSdk> {
  const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost}
    opt-out-of-telemetry use-headsets="false" allowed-session-types="softphone" .accessToken=${agent.accessToken}>
    <gc-softphone></gc-softphone><gc-device-select kinds="audioinput audiooutput"></gc-device-select></gc-webrtc-sdk>`);
  if (el.connectionState !== 'connected') await oneEvent(el, 'gc-ready');
  return el;
}

before(async () => {
  info = (await executeServerCommand('emulator-info')) as Info;
});

describe('<gc-webrtc-sdk>', () => {
  it('connects from attributes + accessToken property, reflects connection-state and re-dispatches SDK events', async () => {
    const agent = await freshAgent();
    const seen: string[] = [];
    const onAny = (e: Event) => seen.push(e.type);
    for (const t of ['gc-ready', 'gc-connected', 'gc-station', 'gc-connection-state-change']) document.addEventListener(t, onAny);
    const el = await connectedSdkElement(agent);
    await expect(el).to.be.accessible();
    expect(el.getAttribute('connection-state')).to.equal('connected');
    expect(el.sdk?.isInitialized).to.equal(true);
    expect(el.hasAttribute('access-token') || el.hasAttribute('accesstoken')).to.equal(false);
    expect(el.outerHTML).not.to.contain(agent.accessToken);
    expect(seen).to.include.members(['gc-ready', 'gc-connected', 'gc-connection-state-change']);
    for (const t of ['gc-ready', 'gc-connected', 'gc-station', 'gc-connection-state-change']) document.removeEventListener(t, onAny);
  });

  it('a new accessToken calls setAccessToken; a changed attribute re-creates the engine', async () => {
    const agent = await freshAgent();
    const el = await connectedSdkElement(agent);
    const first = el.sdk!;
    let setWith: string | undefined;
    const original = first.setAccessToken.bind(first);
    first.setAccessToken = (t: string) => { setWith = t; original(t); };
    el.accessToken = `${agent.accessToken}`; // same value: no call
    el.accessToken = 'another-token';
    await el.updateComplete;
    expect(setWith).to.equal('another-token');
    el.accessToken = agent.accessToken;
    await el.updateComplete;
    const changed = oneEvent(el, 'gc-engine-change');
    el.setAttribute('log-level', 'warn');
    const { detail } = await changed;
    expect(detail.sdk).to.exist.and.not.equal(first);
    expect(el.sdk).to.not.equal(first);
    await oneEvent(el, 'gc-ready');
    expect(el.connectionState).to.equal('connected');
  });

  it('invalid configuration is reported as gc-sdk-error and connection-state="failed", not thrown', async () => {
    const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment="not a url!" auto-initialize="false"></gc-webrtc-sdk>`);
    const err = oneEvent(el, 'gc-sdk-error');
    el.accessToken = 'x';
    const { detail } = await err;
    expect(detail.type).to.equal('invalid_options');
    expect(el.connectionState).to.equal('failed');
  });

  it('reflects connection-state="reconnecting" while the engine reconnects after a socket drop (gc-connection-state)', async () => {
    const agent = await freshAgent();
    const el = await connectedSdkElement(agent);
    const phone = el.querySelector('gc-softphone')!;
    expect(el.sdk!.connectionState).to.equal('connected');
    const states: string[] = [];
    el.addEventListener('gc-connection-state-change', (e) => states.push(e.detail.state));
    const reconnecting = oneEvent(el, 'gc-connection-state');
    const res = await fetch(`${info.environment}/__emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'drop-sockets', userId: agent.userId }),
    });
    expect(((await res.json()) as { dropped: number }).dropped).to.be.greaterThan(0);
    const { detail } = await reconnecting;
    expect(detail).to.deep.equal({ state: 'reconnecting', previous: 'connected' });
    expect(el.getAttribute('connection-state')).to.equal('reconnecting');
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Reconnecting');
    await waitFor(() => el.connectionState === 'connected', 20000);
    expect(el.sdk!.connectionState).to.equal('connected');
    expect(states).to.deep.equal(['reconnecting', 'connected']);
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Connected');
  });

  it('kebab-cases SDK event names', () => {
    expect(domEventName('pendingSession')).to.equal('gc-pending-session');
    expect(domEventName('concurrentSoftphoneSessionsEnabled')).to.equal('gc-concurrent-softphone-sessions-enabled');
  });

  it('registration is guarded: a second definition warns and does not throw', () => {
    class Other extends GcElement {}
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...a: unknown[]) => { warnings.push(a); };
    try {
      expect(() => Other.define('gc-softphone')).not.to.throw();
      expect(() => GcSoftphone.define('gc-softphone')).not.to.throw();
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.have.length(1);
    expect(customElements.get('gc-softphone')).to.equal(GcSoftphone);
  });
});

describe('<gc-softphone>', () => {
  it('is accessible without an engine and says so', async () => {
    const el = await fixture<GcSoftphone>(html`<gc-softphone></gc-softphone>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('No SDK');
  });

  it('finds its engine with for="id", dials the echo number, shows the call and ends it by clicking', async () => {
    const agent = await freshAgent();
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <gc-webrtc-sdk id="eng" environment=${info.environment} ws-host=${info.wsHost} opt-out-of-telemetry use-headsets="false"
        allowed-session-types="softphone" .accessToken=${agent.accessToken}></gc-webrtc-sdk>
      <gc-softphone for="eng"></gc-softphone></div>`);
    const sdkEl = wrap.querySelector('gc-webrtc-sdk')!;
    const phone = wrap.querySelector('gc-softphone')!;
    if (sdkEl.connectionState !== 'connected') await oneEvent(sdkEl, 'gc-ready');
    await phone.updateComplete;
    await expect(phone).to.be.accessible();
    const root = phone.shadowRoot!;
    // type with the dial pad
    for (const k of '+15550100') {
      const key = [...root.querySelectorAll<HTMLButtonElement>('button[part="dial-key"]')].find((b) => b.dataset.key === k)!;
      if (k === '+') phone.number += '+'; else key.click();
    }
    expect(phone.number).to.equal('+15550100');
    await phone.updateComplete;
    const started = oneEvent(sdkEl, 'gc-session-started');
    root.querySelector<HTMLButtonElement>('button[part="call-button"]')!.click();
    await started;
    // a row appears with the session; the conversation update then names the other party
    const row = await waitFor(() => [...root.querySelectorAll<HTMLElement>('li[part="call"][data-state="connected"]')].find((li) => li.textContent!.includes('+15550100')));
    expect(row.querySelector('.timer')!.getAttribute('role')).to.equal('timer');
    await expect(phone).to.be.accessible();
    const ended = oneEvent(sdkEl, 'gc-session-ended');
    root.querySelector<HTMLButtonElement>('button[part="end-button"]')!.click();
    const { detail } = await ended;
    expect(detail.session.conversationId).to.be.a('string');
    await waitFor(() => !root.querySelector('li[part="call"]'));
  });

  it('shows a failing action in words (gc-call-error) instead of swallowing it', async () => {
    const fake = { isInitialized: true, station: null, isPersistentConnectionEnabled: () => false, on() { return this; }, off() { return this; },
      startSoftphoneSession: () => Promise.reject(Object.assign(new Error('The number is not valid'), { type: 'call' })) };
    const el = await fixture<GcSoftphone>(html`<gc-softphone .sdk=${fake as unknown as GcSoftphone['sdk']} number="12"></gc-softphone>`);
    const failed = oneEvent(el, 'gc-call-error');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="call-button"]')!.click();
    await failed;
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('Call error: The number is not valid');
    await expect(el).to.be.accessible();
  });

  it('acts on headset buttons from sdk.headset.headsetEvents$ with fromHeadset: true, and unsubscribes on detach', async () => {
    type Observer = (e: HeadsetEvent) => void;
    const observers = new Set<Observer>();
    const headsetEvents$ = {
      subscribe(next: Observer) {
        observers.add(next);
        return { get closed() { return !observers.has(next); }, unsubscribe() { observers.delete(next); } };
      },
    };
    const emitHeadset = (e: HeadsetEvent) => { for (const o of [...observers]) o(e); };
    const calls: Array<[string, unknown]> = [];
    const record = (name: string) => (params: unknown) => { calls.push([name, params]); return Promise.resolve(); };
    const fake = {
      isInitialized: true, station: null, isPersistentConnectionEnabled: () => false, on() { return this; }, off() { return this; },
      headset: { headsetEvents$ },
      acceptPendingSession: record('acceptPendingSession'), rejectPendingSession: record('rejectPendingSession'),
      endSession: record('endSession'), setAudioMute: record('setAudioMute'), setConversationHeld: record('setConversationHeld'),
    };
    const el = await fixture<GcSoftphone>(html`<gc-softphone .sdk=${fake as unknown as GcSoftphone['sdk']}></gc-softphone>`);
    expect(observers.size).to.equal(1);
    const conversationId = 'c-1';
    emitHeadset({ event: 'deviceAnsweredCall', payload: { conversationId } });
    emitHeadset({ event: 'deviceRejectedCall', payload: { conversationId } });
    emitHeadset({ event: 'deviceEndedCall', payload: { conversationId } });
    emitHeadset({ event: 'deviceMuteStatusChanged', payload: { conversationId, isMuted: true } });
    emitHeadset({ event: 'deviceHoldStatusChanged', payload: { conversationId, holdRequested: false } });
    emitHeadset({ event: 'deviceConnectionStatusChanged', payload: { isConnected: true, isConnecting: false, status: 'running' } });
    expect(calls).to.deep.equal([
      ['acceptPendingSession', { conversationId, fromHeadset: true }],
      ['rejectPendingSession', { conversationId, fromHeadset: true }],
      ['endSession', { conversationId, fromHeadset: true }],
      ['setAudioMute', { conversationId, mute: true, fromHeadset: true }],
      ['setConversationHeld', { conversationId, held: false, fromHeadset: true }],
    ]);
    // opt-out: the page handles headset events itself
    el.noHeadsetControl = true;
    await el.updateComplete;
    expect(observers.size).to.equal(0);
    el.noHeadsetControl = false;
    await el.updateComplete;
    expect(observers.size).to.equal(1);
    // detach (removed from the page) unsubscribes
    el.remove();
    expect(observers.size).to.equal(0);
    emitHeadset({ event: 'deviceEndedCall', payload: { conversationId } });
    expect(calls).to.have.length(5);
  });

  it('texts come from one place (setStrings)', async () => {
    const el = await fixture<GcSoftphone>(html`<gc-softphone></gc-softphone>`);
    setStrings({ softphone: { call: 'Appeler' } });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button[part="call-button"]')!.textContent).to.contain('Appeler');
    setStrings({});
  });
});

describe('<gc-device-select>', () => {
  it('lists devices from sdk.media, is accessible and applies a choice through updateDefaultDevices', async () => {
    const agent = await freshAgent();
    const sdkEl = await connectedSdkElement(agent);
    const el = sdkEl.querySelector('gc-device-select') as GcDeviceSelect;
    await sdkEl.sdk!.media!.requestMediaPermissions('audio');
    await waitFor(() => el.shadowRoot!.querySelectorAll('select[part="microphone-select"] option').length > 1);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('select[part="microphone-select"]')!;
    const calls: unknown[] = [];
    const sdk = sdkEl.sdk!;
    const original = sdk.updateDefaultDevices?.bind(sdk);
    sdk.updateDefaultDevices = (o) => { calls.push(o); return original ? original(o) : Promise.resolve(); };
    select.value = select.options[1].value;
    const changed = oneEvent(el, 'gc-device-change');
    select.dispatchEvent(new Event('change'));
    const { detail } = await changed;
    expect(detail.kind).to.equal('audioinput');
    expect(calls[0]).to.deep.include({ audioDeviceId: select.options[1].value, updateActiveSessions: true });
  });

  it('initially selects the devices configured as engine defaults', async () => {
    const dev = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: 'g' }) as MediaDeviceInfo;
    const audioDevices = [dev('audioinput', 'default', 'Default'), dev('audioinput', 'mic-1', 'Mic 1'), dev('audioinput', 'mic-2', 'Mic 2')];
    const outputDevices = [dev('audiooutput', 'spk-1', 'Speaker 1')];
    const state = {
      devices: [...audioDevices, ...outputDevices], oldDevices: [], audioDevices, videoDevices: [], outputDevices,
      hasMic: true, hasCamera: false, hasMicPermissions: true, hasCameraPermissions: false, hasOutputDeviceSupport: true,
      micPermissionsRequested: true, cameraPermissionsRequested: false,
    };
    const fake = {
      on() { return this; }, off() { return this; },
      media: { on() { return this; }, off() { return this; }, getState: () => state, enumerateDevices: () => Promise.resolve([]) },
      _config: { defaults: { audioDeviceId: 'mic-2', outputDeviceId: 'not-plugged-in', videoDeviceId: null } },
    };
    const el = await fixture<GcDeviceSelect>(html`<gc-device-select kinds="audioinput audiooutput" .sdk=${fake as unknown as GcDeviceSelect['sdk']}></gc-device-select>`);
    const mic = el.shadowRoot!.querySelector<HTMLSelectElement>('select[part="microphone-select"]')!;
    const speaker = el.shadowRoot!.querySelector<HTMLSelectElement>('select[part="speaker-select"]')!;
    expect(mic.value).to.equal('mic-2');
    expect(mic.selectedOptions[0].textContent).to.contain('Mic 2');
    expect(speaker.value).to.equal(''); // a configured device that is not listed: system default
  });

  it('shows the microphone level while testing', async () => {
    const agent = await freshAgent();
    const sdkEl = await connectedSdkElement(agent);
    const el = sdkEl.querySelector('gc-device-select') as GcDeviceSelect;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="mic-test-button"]')!.click();
    await waitFor(() => Number(el.shadowRoot!.querySelector('[part="meter"]')!.getAttribute('aria-valuenow')) > 0, 8000);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="mic-test-button"]')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="meter"]')!.getAttribute('aria-valuenow')).to.equal('0');
  });
});

async function waitFor<T>(fn: () => T | null | undefined | false, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
