// Fixture tests of the gc-* elements (with the axe accessibility audit) against the live emulator.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../elements/index';
import { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, setStrings } from '../../elements/index';
import { GcElement } from '../../elements/internal/gc-element';
import { domEventName } from '../../elements/internal/events';

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
