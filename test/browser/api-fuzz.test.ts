// Public-API fuzzing with fast-check: every public engine method gets generated bad inputs (at
// least 50 per method group). Each call throws or rejects with an SdkError of a documented type
// (or, where the input is ignorable, settles quietly) within a bound; nothing rejects unhandled;
// a normal call still works afterwards. The three elements' public properties and attributes
// get arbitrary values: nothing throws out of them and they keep rendering.
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import { GenesysCloudWebrtcSdk, SdkError, SdkErrorTypes } from '../../src/index';
import '../../elements/index';
import type { GcDeviceSelect, GcSoftphone, GcWebrtcSdk } from '../../elements/index';
import { control, emulatorInfo, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { remoteAudioMeter } from '../support/remote-audio';
import { next } from '../support/sdk-events';

const RUNS = 50;
const BOUND_MS = 5000;
const DOCUMENTED = new Set<string>(Object.values(SdkErrorTypes));

const unhandled: string[] = [];
const uncaught: string[] = [];
const onRejection = (e: PromiseRejectionEvent): void => { unhandled.push(String(e.reason)); };
const onError = (e: ErrorEvent): void => { uncaught.push(e.message); };

let info: EmulatorInfo;
let agent: AgentInfo;
let sdk: GenesysCloudWebrtcSdk;

before(async () => {
  window.addEventListener('unhandledrejection', onRejection);
  window.addEventListener('error', onError);
  info = await emulatorInfo();
  agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100 });
  sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, accessToken: agent.accessToken, optOutOfTelemetry: true, useHeadsets: false, logger: quietLogger });
  await sdk.initialize();
});

after(async () => {
  await sdk.destroy();
  window.removeEventListener('unhandledrejection', onRejection);
  window.removeEventListener('error', onError);
});

type Outcome = { kind: 'ok' } | { kind: 'error'; error: unknown };

/** Calls `fn` (sync throw or async rejection alike); fails the property when it takes longer than the bound. */
async function outcome(fn: () => unknown): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`did not settle within ${BOUND_MS} ms`)), BOUND_MS); });
  try {
    await Promise.race([Promise.resolve().then(fn), bound]);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('did not settle')) throw error;
    return { kind: 'error', error };
  } finally {
    clearTimeout(timer);
  }
}

function expectSdkError(o: Outcome, types?: SdkErrorTypes[]): void {
  if (o.kind !== 'error') throw new Error('expected a rejection, it resolved');
  if (!(o.error instanceof SdkError)) throw new Error(`not an SdkError: ${String(o.error)}`);
  if (!DOCUMENTED.has(o.error.type)) throw new Error(`undocumented type ${o.error.type}`);
  if (types && !types.includes(o.error.type)) throw new Error(`type ${o.error.type}, expected ${types.join('|')}: ${o.error.message}`);
}

/** Either settles quietly or fails with a documented SdkError. */
function expectQuietOrSdkError(o: Outcome): void {
  if (o.kind === 'error') expectSdkError(o);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
/** Anything that is not a usable call target (so no fuzz input places a real call). */
const badStart = fc.oneof(
  fc.anything(),
  fc.record({ phoneNumber: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null), fc.object(), fc.boolean()) }, { requiredKeys: [] }),
  fc.record({ participants: fc.array(fc.anything(), { maxLength: 3 }), priority: fc.string() }, { requiredKeys: [] }),
  fc.record({ callUserId: fc.anything(), callQueueId: fc.anything(), routingSkillsIds: fc.anything() }, { requiredKeys: [] }),
).filter((v) => !(isObj(v) && (nonEmpty(v.phoneNumber) || nonEmpty(v.callUserId) || nonEmpty(v.callQueueId)
  || (Array.isArray(v.participants) && v.participants.length > 0 && v.participants.every((p) => isObj(p) && nonEmpty(p.address))))));
/** Conversation params that name no live conversation, or are the wrong shape. */
const badConversation = fc.oneof(
  fc.anything(),
  fc.record({ conversationId: fc.oneof(fc.anything(), fc.uuid(), fc.constant('')), fromHeadset: fc.anything(), mute: fc.anything(), held: fc.anything() }, { requiredKeys: [] }),
);

describe('public API fuzzing (engine)', () => {
  it('constructor: bad options throw SdkError invalid_options', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ environment: fc.anything(), accessToken: fc.anything(), allowedSessionTypes: fc.anything(), logLevel: fc.anything(), defaults: fc.anything() }, { requiredKeys: [] })), async (options) => {
      const o = await outcome(() => new GenesysCloudWebrtcSdk(options as never));
      if (o.kind === 'ok') {
        // an accepted shape must at least have an environment and credentials that validate
        expect(isObj(options) && typeof options.environment === 'string').to.equal(true);
        return;
      }
      expectSdkError(o, [SdkErrorTypes.invalid_options]);
    }), { numRuns: RUNS });
  });

  it('initialize(): bad guest options reject (invalid_options, or initialization for a code the cloud refuses)', async function () {
    this.timeout(60000);
    const guest = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, organizationId: info.organizationId, optOutOfTelemetry: true, useHeadsets: false, logger: quietLogger });
    try {
      await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ securityCode: fc.oneof(fc.anything(), fc.string({ maxLength: 12 })) }, { requiredKeys: [] })), async (opts) => {
        expectSdkError(await outcome(() => guest.initialize(opts as never)), [SdkErrorTypes.invalid_options, SdkErrorTypes.initialization]);
      }), { numRuns: RUNS });
    } finally {
      await guest.destroy();
    }
  });

  it('startSoftphoneSession: non-targets reject invalid_options', async () => {
    await fc.assert(fc.asyncProperty(badStart, async (params) => {
      expectSdkError(await outcome(() => sdk.startSoftphoneSession(params as never)), [SdkErrorTypes.invalid_options]);
    }), { numRuns: RUNS });
  });

  it('conversation methods (accept, reject, acceptSession, end, mute, hold): bad or unknown params reject invalid_options or session', async () => {
    const calls: Array<(p: unknown) => unknown> = [
      (p) => sdk.acceptPendingSession(p as never), (p) => sdk.rejectPendingSession(p as never), (p) => sdk.acceptSession(p as never),
      (p) => sdk.endSession(p as never), (p) => sdk.setAudioMute(p as never), (p) => sdk.setConversationHeld(p as never),
    ];
    for (const call of calls) {
      await fc.assert(fc.asyncProperty(badConversation, async (params) => {
        expectSdkError(await outcome(() => call(params)), [SdkErrorTypes.invalid_options, SdkErrorTypes.session]);
      }), { numRuns: RUNS });
    }
  });

  it('forceTerminateSession, getSession: unknown ids reject / return undefined', async () => {
    await fc.assert(fc.asyncProperty(fc.anything(), fc.anything(), async (id, reason) => {
      expectSdkError(await outcome(() => sdk.forceTerminateSession(id as never, reason as never)), [SdkErrorTypes.invalid_options, SdkErrorTypes.session]);
      expect(sdk.getSession(id as never)).to.equal(undefined);
    }), { numRuns: RUNS });
  });

  it('setAccessToken and updateAudioVolume: bad values throw invalid_options', async () => {
    await fc.assert(fc.asyncProperty(fc.anything().filter((v) => !nonEmpty(v)), async (token) => {
      expectSdkError(await outcome(() => sdk.setAccessToken(token as never)), [SdkErrorTypes.invalid_options]);
    }), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), fc.double(), fc.integer({ min: 101 }), fc.integer({ max: -1 })).filter((v) => !(typeof v === 'number' && v >= 0 && v <= 100)), async (volume) => {
      expectSdkError(await outcome(() => sdk.updateAudioVolume(volume as never)), [SdkErrorTypes.invalid_options]);
    }), { numRuns: RUNS });
  });

  it('media methods (output device, outgoing media, default devices, resolution, media settings, default stream): settle quietly or reject with a documented SdkError', async () => {
    const calls: Record<string, (a: unknown, b: unknown) => unknown> = {
      updateOutputDevice: (a) => sdk.updateOutputDevice(a as never), updateOutgoingMedia: (a) => sdk.updateOutgoingMedia(a as never),
      updateDefaultDevices: (a) => sdk.updateDefaultDevices(a as never), updateDefaultResolution: (a, b) => sdk.updateDefaultResolution(a as never, b as never),
      updateDefaultMediaSettings: (a) => sdk.updateDefaultMediaSettings(a as never), setDefaultAudioStream: (a) => sdk.setDefaultAudioStream(a as never),
    };
    for (const [name, call] of Object.entries(calls)) {
      await fc.assert(fc.asyncProperty(fc.anything(), fc.anything(), async (a, b) => {
        try {
          expectQuietOrSdkError(await outcome(() => call(a, b)));
        } catch (err) {
          throw new Error(`${name}: ${(err as Error).message}`);
        }
      }), { numRuns: RUNS });
    }
    sdk.setDefaultAudioStream(null);
    await sdk.updateDefaultDevices({ audioDeviceId: null, outputDeviceId: null });
  });

  it('afterwards: no unhandled rejection, the SDK is still connected, and a normal call works', async function () {
    this.timeout(30000);
    expect(unhandled).to.deep.equal([]);
    expect(uncaught).to.deep.equal([]);
    expect(sdk.connectionState).to.equal('connected');
    const token = agent.accessToken;
    sdk.setAccessToken(token);
    const started = next(sdk, 'sessionStarted');
    const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
    const [session] = await started;
    await until(() => session.connectionState === 'connected', 'connected');
    const meter = remoteAudioMeter(session.pc);
    try {
      let peak = 0;
      await until(async () => { peak = Math.max(peak, await meter.rms()); return peak > 0.01; }, 'echo heard');
    } finally { meter.close(); }
    const ended = next(sdk, 'sessionEnded');
    await sdk.endSession({ conversationId: id });
    await ended;
  });
});

describe('public property and attribute fuzzing (elements)', () => {
  const anyValue = fc.oneof(fc.anything(), fc.string(), fc.constant('<img src=x onerror="window.__xss=1">'), fc.constant(undefined));

  async function fuzzElement(el: HTMLElement & { updateComplete: Promise<boolean> }, props: string[], attrs: string[]): Promise<void> {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...props), anyValue, async (prop, value) => {
      try {
        (el as unknown as Record<string, unknown>)[prop] = value;
        await el.updateComplete;
      } catch (err) {
        // a setter may refuse a value, but only with a documented SdkError
        expectSdkError({ kind: 'error', error: err });
      }
      expect(el.shadowRoot).to.not.equal(null);
    }), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...attrs), fc.string(), async (attr, value) => {
      el.setAttribute(attr, value);
      await el.updateComplete;
      expect(el.shadowRoot).to.not.equal(null);
    }), { numRuns: RUNS });
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    expect(uncaught).to.deep.equal([]);
  }

  it('<gc-softphone> and <gc-device-select>: arbitrary property and attribute values', async () => {
    const phone = await fixture<GcSoftphone>(html`<gc-softphone></gc-softphone>`);
    await fuzzElement(phone, ['sdk', 'for', 'noDialer', 'number', 'noHeadsetControl'], ['for', 'no-dialer', 'number', 'no-headset-control']);
    const select = await fixture<GcDeviceSelect>(html`<gc-device-select></gc-device-select>`);
    await fuzzElement(select, ['sdk', 'for', 'kinds'], ['for', 'kinds']);
  });

  it('<gc-webrtc-sdk>: arbitrary property and attribute values (engine errors become gc-sdk-error events, never throws)', async function () {
    this.timeout(60000);
    const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk auto-initialize="false"></gc-webrtc-sdk>`);
    await fuzzElement(el,
      ['environment', 'orgId', 'wsHost', 'allowedSessionTypes', 'logLevel', 'useHeadsets', 'autoConnectSessions', 'disableAutoAnswer', 'optOutOfTelemetry', 'jidResource', 'originAppName', 'accessToken', 'jwt', 'config'],
      ['environment', 'org-id', 'ws-host', 'allowed-session-types', 'log-level', 'use-headsets', 'auto-connect-sessions', 'disable-auto-answer', 'opt-out-of-telemetry', 'jid-resource', 'origin-app-name']);
    el.remove();
    await until(() => unhandled.length === 0, 'no unhandled rejection', 1000);
  });
});
