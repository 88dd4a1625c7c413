import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IAudioProcessor, type IExtendedMediaSession, type ISdkConfig } from '../../src/index';
import { control, emulatorInfo, newAgent, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';

interface AudioCounters { rtpPacketsFromAgent: number; loudPacketsFromAgent: number }
interface ConversationView { legs: Array<{ userId?: string; counters: { audio: AudioCounters } | null }> }

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
before(async () => { info = await emulatorInfo(); });
afterEach(async () => { await Promise.all(sdks.splice(0).map((s) => s.destroy())); });

/** A real processor: the microphone through a Web Audio gain node. */
function gainProcessor(gain: number, log: string[]): IAudioProcessor {
  let ctx: AudioContext | undefined;
  return {
    name: `gain ${gain}`,
    id: `gain-${gain}`,
    init: async () => { log.push('init'); ctx = new AudioContext(); await ctx.resume(); },
    process: async (stream) => {
      log.push('process');
      if (!ctx) throw new Error('not initialized');
      const node = ctx.createGain();
      node.gain.value = gain;
      const out = ctx.createMediaStreamDestination();
      ctx.createMediaStreamSource(stream).connect(node).connect(out);
      return out.stream;
    },
    destroy: async () => { log.push('destroy'); await ctx?.close(); },
  };
}

async function agentAudio(conversationId: string, userId: string): Promise<AudioCounters> {
  const view = await control<ConversationView>('GET', `conversations/${conversationId}`);
  return view.legs.find((l) => l.userId === userId)?.counters?.audio ?? { rtpPacketsFromAgent: 0, loudPacketsFromAgent: 0 };
}

/** An echo call; resolves with what the emulator measured from the agent once `packets` arrived, then hangs up. */
async function callAndMeasure(sdk: GenesysCloudWebrtcSdk, agent: AgentInfo, packets = 150): Promise<AudioCounters> {
  const started = new Promise<IExtendedMediaSession>((resolve) => sdk.once('sessionStarted', resolve));
  const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
  const session = await started;
  await until(() => session.connectionState === 'connected', 'call connected');
  const counters = await until(async () => {
    const c = await agentAudio(id, agent.userId);
    return c.rtpPacketsFromAgent >= packets ? c : undefined;
  }, `${packets} audio packets from the agent`);
  expect(session.active).to.equal(true, 'the call is not dropped');
  await sdk.endSession({ conversationId: id });
  return counters;
}

describe('audio processor', () => {
  it('outgoing softphone audio goes through the processor: what the emulator hears changes with it', async function () {
    this.timeout(90000);
    const agent = await newAgent();
    const log: string[] = [];
    const silent = gainProcessor(0, log);
    const sdk = new GenesysCloudWebrtcSdk({
      environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false,
      accessToken: agent.accessToken, defaults: { audioProcessor: silent },
    } as ISdkConfig);
    sdks.push(sdk);
    await sdk.initialize();
    expect(sdk.audioProcessor.current).to.equal(silent);

    // gain 0: the microphone's beeps never reach the cloud
    const muted = await callAndMeasure(sdk, agent);
    expect(log).to.include.members(['init', 'process']);
    expect(muted.loudPacketsFromAgent).to.equal(0);

    // a processor set at runtime applies to the next call: gain 1 lets the beeps through
    sdk.audioProcessor.setAudioProcessor(gainProcessor(1, log));
    const audible = await callAndMeasure(sdk, agent);
    expect(audible.loudPacketsFromAgent).to.be.greaterThan(5);

    // a failing processor: the call goes on, the failure is reported, unprocessed audio is not sent
    const errors: SdkError[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    const failing: IAudioProcessor = { ...gainProcessor(1, log), name: 'broken', id: 'broken', process: () => Promise.reject(new Error('boom')) };
    sdk.audioProcessor.setAudioProcessor(failing);
    const broken = await callAndMeasure(sdk, agent);
    expect(broken.loudPacketsFromAgent).to.equal(0);
    expect(errors.map((e) => e.type)).to.include('media');

    // documented: process() without a processor returns the stream as is
    await sdk.audioProcessor.destroy();
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    expect(await sdk.audioProcessor.process(mic)).to.equal(mic);
    mic.getTracks().forEach((t) => t.stop());
    const plain = await callAndMeasure(sdk, agent);
    expect(plain.loudPacketsFromAgent).to.be.greaterThan(5);
  });
});

describe('audio processor: lifecycle and bad input', () => {
  it('a processor without the contract is invalid_options; init failure drops the processor; process() without one returns the input', async () => {
    let error: unknown;
    try {
      new GenesysCloudWebrtcSdk({ accessToken: 'a-token', logger: quietLogger, defaults: { audioProcessor: { name: 'x', id: 'x' } as unknown as IAudioProcessor } });
    } catch (e) { error = e; }
    expect((error as SdkError).type).to.equal('invalid_options');
    expect((error as SdkError).details).to.deep.include({ field: 'defaults.audioProcessor' });

    const sdk = new GenesysCloudWebrtcSdk({ accessToken: 'a-token', logger: quietLogger, optOutOfTelemetry: true, useHeadsets: false });
    sdks.push(sdk);
    const log: string[] = [];
    const broken: IAudioProcessor = { ...gainProcessor(1, log), init: () => Promise.reject(new Error('no context')) };
    sdk.audioProcessor.setAudioProcessor(broken);
    await sdk.audioProcessor.init();
    expect(sdk.audioProcessor.current).to.equal(undefined, 'a processor whose init failed is not used');
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    expect(await sdk.audioProcessor.process(mic)).to.equal(mic);

    sdk.audioProcessor.setAudioProcessor(gainProcessor(1, log));
    await sdk.audioProcessor.init();
    const processed = await sdk.audioProcessor.process(mic);
    expect(processed).to.not.equal(mic);
    expect(processed.getAudioTracks()).to.have.length(1);
    await sdk.audioProcessor.destroy();
    expect(log).to.include('destroy');
    expect(sdk.audioProcessor.current).to.equal(undefined);
    mic.getTracks().forEach((t) => t.stop());
    processed.getTracks().forEach((t) => t.stop());
  });
});
