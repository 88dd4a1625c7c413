// Security end to end: markup the cloud sends (participant names, phone numbers, error texts) is
// rendered as text by the elements, never executed; secrets (access tokens, JWTs, security codes,
// TURN credentials) never show up in the DOM, the logs, the uploaded telemetry, trace events or
// error messages, for agent (softphone), guest and JWT instances.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../elements/index';
import type { GcSoftphone, GcWebrtcSdk } from '../../elements/index';
import { GenesysCloudWebrtcSdk, type ISdkConfig, type SdkError } from '../../src/index';
import { control, emulatorInfo, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { next } from '../support/sdk-events';

let info: EmulatorInfo;
before(async () => { info = await emulatorInfo(); });
afterEach(async () => { await control('POST', 'faults', { type: 'clear' }); });

const MARKUP_NAME = '<img src=x onerror="window.__xss=1">Mallory';
const MARKUP_NUMBER = '+1555<svg onload="window.__xss=2">';
const MARKUP_ERROR = '<img src=y onerror="window.__xss=3">boom';

/** Text and markup of an element including every open shadow root below it. */
function deepHtml(node: Element | ShadowRoot): string {
  let out = node instanceof Element ? node.outerHTML : node.innerHTML;
  const all = node.querySelectorAll('*');
  for (const el of Array.from(all)) if (el.shadowRoot) out += deepHtml(el.shadowRoot);
  return out;
}

describe('markup from the cloud is text', () => {
  it('participant name, phone number and error text render as text in <gc-softphone>; nothing executes', async function () {
    this.timeout(40000);
    const agent = await control<AgentInfo>('POST', 'agents', {});
    const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost}
      opt-out-of-telemetry use-headsets="false" allowed-session-types="softphone" .accessToken=${agent.accessToken}>
      <gc-softphone></gc-softphone></gc-webrtc-sdk>`);
    if (el.connectionState !== 'connected') await oneEvent(el, 'gc-ready');
    const phone = el.querySelector('gc-softphone') as GcSoftphone;
    const root = phone.shadowRoot!;
    // a ringing call from a party whose name and number are markup
    const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, from: MARKUP_NUMBER, fromName: MARKUP_NAME });
    await until(() => root.querySelector('button[part="answer-button"]'), 'ringing');
    await phone.answer(conversationId);
    // the other party is shown by name or number, as text
    await until(() => root.textContent?.includes(MARKUP_NUMBER) || root.textContent?.includes(MARKUP_NAME), 'the caller shown');
    expect(root.querySelector('img, svg[onload]')).to.equal(null);
    await control('POST', `conversations/${conversationId}/disconnect`);
    await until(() => !root.querySelector('li[part="call"]'), 'call gone');
    // an error text from the cloud
    await control('POST', 'faults', { type: 'http', status: 500, count: 10, retryAfter: 0, pathPrefix: 'conversations/calls', message: MARKUP_ERROR });
    await phone.call('+15550100');
    await until(() => root.querySelector('[part="error"]')?.textContent?.includes('boom'), 'the error shown');
    expect(root.querySelector('[part="error"]')!.textContent).to.contain(MARKUP_ERROR);
    expect(root.querySelector('img')).to.equal(null);
    // the element stays usable once the cloud answers again
    await control('POST', 'faults', { type: 'clear' });
    await phone.call('+15550100');
    await until(() => root.querySelector('li[part="call"][data-state="connected"]'), 'a call after the error');
    await new Promise((r) => setTimeout(r, 300));
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    el.remove();
  });
});

/** Everything an SDK instance says: logger output, trace events, sdkError messages and details. */
function recorder(): { logger: ISdkConfig['logger']; text: () => string; attach(sdk: GenesysCloudWebrtcSdk): void } {
  const chunks: string[] = [];
  const push = (...args: unknown[]): void => { chunks.push(safeJson(args)); };
  return {
    logger: { log: push, debug: push, info: push, warn: push, error: push },
    text: () => chunks.join('\n'),
    attach(sdk) {
      sdk.on('trace', (...args: unknown[]) => push('trace', ...args));
      sdk.on('sdkError', (e: SdkError) => push('sdkError', e.message, e.details, (e.cause as Error | undefined)?.message));
    },
  };
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_k, v: unknown) => {
      if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack, cause: String((v as { cause?: unknown }).cause ?? '') };
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return v;
    }) ?? '';
  } catch {
    return String(value);
  }
}

function expectNoSecret(where: string, text: string, secrets: string[]): void {
  for (const s of secrets.filter((x) => x && x.length >= 6)) {
    expect(text.includes(s), `${where} contains a secret (${s.slice(0, 4)}…)`).to.equal(false);
  }
}

describe('secrets never leak', () => {
  it('agent (softphone call, telemetry on, token rotation, a bad token), guest (security code) and JWT instances: no secret in logs, uploads, traces, errors or the DOM', async function () {
    this.timeout(60000);
    await control('DELETE', 'logs');
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100 });
    const { accessToken: rotated } = await control<{ accessToken: string }>('POST', `users/${agent.userId}/tokens`);
    const secrets: string[] = [agent.accessToken, rotated];
    const texts: Array<[string, () => string]> = [];

    // agent with telemetry uploads, a call, a rotated token and a failing request
    const rec = recorder();
    const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, accessToken: agent.accessToken, useHeadsets: false, logger: rec.logger, logLevel: 'debug', optOutOfTelemetry: false });
    rec.attach(sdk);
    texts.push(['agent logs/traces/errors', rec.text]);
    await sdk.initialize();
    for (const s of sdk._iceConfiguration?.iceServers ?? []) {
      if (typeof s.credential === 'string') secrets.push(s.credential);
      if (s.username) secrets.push(s.username);
    }
    expect(secrets.length, 'TURN credentials are in the list').to.be.greaterThan(2);
    const started = next(sdk, 'sessionStarted');
    const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
    const [session] = await started;
    await until(() => session.connectionState === 'connected', 'connected');
    sdk.setAccessToken(rotated);
    await sdk.setAudioMute({ conversationId: id, mute: true });
    await control('POST', `tokens/${rotated}/revoke`);
    const err = await sdk.setAudioMute({ conversationId: id, mute: false }).then(() => undefined, (e: unknown) => e as SdkError);
    expect(err?.type).to.equal('invalid_token');
    texts.push(['thrown error', () => safeJson([err?.message, err?.details, String(err?.cause ?? ''), err?.stack])]);
    const dom = deepHtml(document.documentElement);
    await sdk.destroy(); // flushes the telemetry upload

    // a bad token at initialize
    const badToken = `bad-token-${crypto.randomUUID()}`;
    secrets.push(badToken);
    const badRec = recorder();
    const bad = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, accessToken: badToken, useHeadsets: false, logger: badRec.logger, optOutOfTelemetry: true });
    badRec.attach(bad);
    const badErr = await bad.initialize().then(() => undefined, (e: unknown) => e as SdkError);
    expect(badErr?.type).to.be.oneOf(['invalid_token', 'initialization']);
    texts.push(['bad token', () => `${badRec.text()}${safeJson([badErr?.message, badErr?.details, String(badErr?.cause ?? '')])}`]);
    await bad.destroy();

    // guest with a security code (its redeemed JWT is a secret too)
    const code = await control<{ securityCode: string; organizationId: string }>('POST', 'guest-codes', {});
    secrets.push(code.securityCode);
    const guestRec = recorder();
    const guest = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, organizationId: code.organizationId, useHeadsets: false, logger: guestRec.logger, logLevel: 'debug', optOutOfTelemetry: true });
    guestRec.attach(guest);
    await guest.initialize({ securityCode: code.securityCode });
    const guestJwt = guest._customerData?.jwt;
    expect(guestJwt).to.be.a('string');
    secrets.push(guestJwt as string);
    texts.push(['guest', guestRec.text]);
    await guest.destroy();

    // JWT (screen recording) instance
    const { jwt } = await control<{ jwt: string }>('POST', 'jwt', { userId: agent.userId });
    secrets.push(jwt);
    const jwtRec = recorder();
    const jwtSdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, jwt, useHeadsets: false, logger: jwtRec.logger, logLevel: 'debug', optOutOfTelemetry: false });
    jwtRec.attach(jwtSdk);
    await jwtSdk.initialize();
    texts.push(['jwt', jwtRec.text]);
    await jwtSdk.destroy();

    // what reached the emulator's telemetry endpoint
    const uploads = await control<{ entries: unknown[] }>('GET', 'logs');
    expect(uploads.entries.length, 'telemetry was uploaded').to.be.greaterThan(0);
    texts.push(['uploaded telemetry', () => safeJson(uploads.entries)]);
    texts.push(['DOM', () => dom]);
    for (const [where, text] of texts) {
      const t = text();
      expect(t.length, `${where} is not empty`).to.be.greaterThan(0);
      expectNoSecret(where, t, secrets);
    }
  });
});
