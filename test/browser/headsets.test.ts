/** sdk.headset: the no-op stub, the lazily loaded vendor-backed service, event mapping, and one real load. */
import { expect } from '@open-wc/testing';
import { createHeadsetService, StubHeadsetService, VendorHeadsetService } from '../../src/headsets';
import type { HeadsetEvent, ISdkHeadset, VendorHeadsetConfig, VendorHeadsetEvent, VendorHeadsetLibrary, VendorHeadsetLoader } from '../../src/headsets';
import type { ILogger } from '../../src/types/logger';

const ORIGINAL_PROMISE = window.Promise;
const ORIGINAL_FETCH = window.fetch;

class RecordingLogger implements ILogger {
  readonly entries: Array<{ level: string; message: string; details?: unknown }> = [];
  private add(level: string, message: string | Error, details?: unknown): void {
    this.entries.push({ level, message: String(message), details });
  }
  log(m: string | Error, d?: unknown): void { this.add('log', m, d); }
  debug(m: string | Error, d?: unknown): void { this.add('debug', m, d); }
  info(m: string | Error, d?: unknown): void { this.add('info', m, d); }
  warn(m: string | Error, d?: unknown): void { this.add('warn', m, d); }
  error(m: string | Error, d?: unknown): void { this.add('error', m, d); }
  at(level: string): string[] { return this.entries.filter((e) => e.level === level).map((e) => e.message); }
}

type Call = [string, ...unknown[]];

/** Stands in for softphone-vendor-headsets' HeadsetService: records calls, emits device events on demand. */
class FakeVendorLibrary implements VendorHeadsetLibrary {
  readonly calls: Call[] = [];
  selectedImplementation: unknown = null;
  status: 'checking' | 'running' | 'notRunning' | 'noVendor' = 'noVendor';
  /** per-method override of the behaviour (throw, hang, …) */
  readonly behaviour: Record<string, () => Promise<unknown>> = {};
  private readonly listeners = new Set<(event: VendorHeadsetEvent) => void>();

  readonly headsetEvents$ = {
    subscribe: (next: (event: VendorHeadsetEvent) => void) => {
      this.listeners.add(next);
      return { unsubscribe: () => { this.listeners.delete(next); } };
    },
  };

  get subscriberCount(): number { return this.listeners.size; }

  emit(event: string, payload: unknown): void {
    for (const listener of [...this.listeners]) listener({ event, payload });
  }

  private record(name: string, args: unknown[]): Promise<unknown> {
    this.calls.push([name, ...args]);
    return this.behaviour[name] ? this.behaviour[name]() : Promise.resolve();
  }

  deviceIsSupported(params: { micLabel: string }): boolean { return params.micLabel.includes('jabra'); }
  activeMicChange(label: string, reason?: string): void { this.calls.push(['activeMicChange', label, reason]); }
  incomingCall(...args: unknown[]): Promise<unknown> { return this.record('incomingCall', args); }
  outgoingCall(...args: unknown[]): Promise<unknown> { return this.record('outgoingCall', args); }
  answerCall(...args: unknown[]): Promise<unknown> { return this.record('answerCall', args); }
  rejectCall(...args: unknown[]): Promise<unknown> { return this.record('rejectCall', args); }
  setMute(...args: unknown[]): Promise<unknown> { return this.record('setMute', args); }
  setHold(...args: unknown[]): Promise<unknown> { return this.record('setHold', args); }
  endCall(...args: unknown[]): Promise<unknown> { return this.record('endCall', args); }
  endAllCalls(): Promise<unknown> { return this.record('endAllCalls', []); }
  retryConnection(...args: unknown[]): Promise<unknown> { return this.record('retryConnection', args); }
  resetHeadsetStateForCall(...args: unknown[]): Promise<unknown> { return this.record('resetHeadsetStateForCall', args); }
  connectionStatus(): 'checking' | 'running' | 'notRunning' | 'noVendor' { return this.status; }
}

interface FakeLoader {
  loader: VendorHeadsetLoader;
  configs: VendorHeadsetConfig[];
  /** resolves the pending load (when created with `manual`) */
  release(): void;
}

function fakeLoader(library: FakeVendorLibrary, opts: { manual?: boolean; fail?: unknown } = {}): FakeLoader {
  const configs: VendorHeadsetConfig[] = [];
  let release: () => void = () => undefined;
  const gate = opts.manual ? new Promise<void>((resolve) => { release = resolve; }) : Promise.resolve();
  return {
    configs,
    release: () => release(),
    loader: async (config) => {
      configs.push(config);
      await gate;
      if (opts.fail !== undefined) throw opts.fail;
      return library;
    },
  };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

function headsetResources(): string[] {
  return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('softphone-vendor-headsets'));
}

function collect(service: ISdkHeadset): HeadsetEvent[] {
  const seen: HeadsetEvent[] = [];
  service.headsetEvents$.subscribe((value) => seen.push(value));
  return seen;
}

describe('sdk.headset', () => {
  it('importing src/headsets does not fetch the vendor library (it is a lazy import)', () => {
    expect(headsetResources()).to.deep.equal([]);
  });

  describe('useHeadsets: false (stub)', () => {
    it('is a no-op stub and never loads the vendor library', async () => {
      const library = new FakeVendorLibrary();
      const load = fakeLoader(library);
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: false, loader: load.loader, loadImmediately: true });
      expect(service).to.be.instanceOf(StubHeadsetService);
      const seen = collect(service);
      const results = await Promise.all([
        service.setRinging({ conversationId: 'c1' }, false), service.outgoingCall({ conversationId: 'c1' }),
        service.answerIncomingCall('c1', false), service.rejectIncomingCall('c1'), service.setMute(true),
        service.setHold('c1', true), service.endCurrentCall('c1'), service.endAllCalls(),
        service.resetHeadsetStateForCall('c1'), service.retryConnection('jabra'),
      ]);
      service.updateAudioInputDevice('mic-1');
      expect(results.every((r) => r === undefined)).to.equal(true);
      expect(service.isActive).to.equal(false);
      expect(service.currentSelectedImplementation).to.equal(null);
      expect(service.getConnectionStatus()).to.equal('noVendor');
      expect(service.showRetry()).to.equal(false);
      expect(service.deviceIsSupported({ micLabel: 'jabra evolve' })).to.equal(false);
      await tick(10);
      expect(load.configs).to.have.length(0);
      expect(library.calls).to.deep.equal([]);
      expect(seen).to.deep.equal([]);
      expect(headsetResources()).to.deep.equal([]);
      expect(service.headsetEvents).to.equal(service.headsetEvents$);
    });

    it('useHeadsets passed as the second argument overrides deps.useHeadsets', () => {
      const logger = new RecordingLogger();
      const load = fakeLoader(new FakeVendorLibrary());
      expect(createHeadsetService({ logger, useHeadsets: true, loader: load.loader }, false)).to.be.instanceOf(StubHeadsetService);
      expect(createHeadsetService({ logger, useHeadsets: false, loader: load.loader }, true)).to.be.instanceOf(VendorHeadsetService);
    });
  });

  describe('useHeadsets: true (vendor library)', () => {
    it('loads the library lazily, once, on first need, with the logger and app name', async () => {
      const library = new FakeVendorLibrary();
      const load = fakeLoader(library);
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: load.loader, appName: 'my-app' });
      expect(service).to.be.instanceOf(VendorHeadsetService);
      await tick(10);
      expect(load.configs).to.have.length(0);
      expect(service.isActive).to.equal(false);
      await Promise.all([service.setMute(true), service.setMute(false)]);
      expect(load.configs).to.have.length(1);
      expect(load.configs[0].logger).to.equal(logger);
      expect(load.configs[0].appName).to.equal('my-app');
      expect(service.isActive).to.equal(true);
      expect(library.subscriberCount).to.equal(1);
    });

    it('loadImmediately starts loading in the background at creation', async () => {
      const load = fakeLoader(new FakeVendorLibrary());
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: load.loader, loadImmediately: true });
      expect(load.configs).to.have.length(1);
      await tick(0);
      expect(service.isActive).to.equal(true);
    });

    it('forwards every call to the library with the right arguments', async () => {
      const library = new FakeVendorLibrary();
      const service = createHeadsetService({
        logger: new RecordingLogger(), useHeadsets: true, loader: fakeLoader(library).loader,
        findMicLabel: (id) => (id === 'mic-1' ? 'Jabra Evolve2 65 (0b0e:030c)' : undefined),
      });
      service.updateAudioInputDevice('mic-1');
      await service.setRinging({ conversationId: 'c1', contactName: 'Ann' }, true);
      await service.outgoingCall({ conversationId: 'c2' });
      await service.answerIncomingCall('c1', true);
      await service.rejectIncomingCall('c3');
      await service.rejectIncomingCall('c4', false);
      await service.setMute(true);
      await service.setHold('c1', true);
      await service.endCurrentCall('c1');
      await service.endCurrentCall('c2', true);
      await service.endCurrentCall('');
      await service.endAllCalls();
      await service.resetHeadsetStateForCall('c5');
      await service.retryConnection('jabra evolve');
      await service.retryConnection('');
      service.updateAudioInputDevice('unknown-mic', 'alternativeClient');
      await service.setMute(false);
      expect(library.calls).to.deep.equal([
        ['activeMicChange', 'jabra evolve2 65 (0b0e:030c)', undefined],
        ['incomingCall', { conversationId: 'c1', contactName: 'Ann' }, true],
        ['outgoingCall', { conversationId: 'c2' }],
        ['answerCall', 'c1', true],
        ['rejectCall', 'c3', true],
        ['rejectCall', 'c4', false],
        ['setMute', true],
        ['setHold', 'c1', true],
        ['endCall', 'c1', undefined],
        ['endCall', 'c2', true],
        ['endAllCalls'],
        ['resetHeadsetStateForCall', 'c5'],
        ['retryConnection', 'jabra evolve'],
        ['activeMicChange', '', 'alternativeClient'],
        ['setMute', false],
      ]);
    });

    it('queues calls made before the library has loaded and delivers them in order', async () => {
      const library = new FakeVendorLibrary();
      const load = fakeLoader(library, { manual: true });
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: load.loader });
      const settled: string[] = [];
      const pending = [
        service.setRinging({ conversationId: 'c1' }, false).then(() => settled.push('ring')),
        service.answerIncomingCall('c1', false).then(() => settled.push('answer')),
        service.setMute(true).then(() => settled.push('mute')),
        service.setHold('c1', true).then(() => settled.push('hold')),
        service.endCurrentCall('c1').then(() => settled.push('end')),
      ];
      await tick(20);
      expect(library.calls).to.deep.equal([]);
      expect(settled).to.deep.equal([]);
      expect(load.configs).to.have.length(1);
      load.release();
      await Promise.all(pending);
      expect(library.calls.map((c) => c[0])).to.deep.equal(['incomingCall', 'answerCall', 'setMute', 'setHold', 'endCall']);
      expect(settled).to.deep.equal(['ring', 'answer', 'mute', 'hold', 'end']);
    });

    it('maps device events to typed events with the conversationId and flags', async () => {
      const library = new FakeVendorLibrary();
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: fakeLoader(library).loader });
      await service.setRinging({ conversationId: 'c1' }, false);
      const seen = collect(service);
      const viaOn: Array<[string, unknown]> = [];
      service.on('deviceAnsweredCall', (p) => viaOn.push(['deviceAnsweredCall', p.conversationId]));
      service.on('deviceMuteStatusChanged', (p) => viaOn.push(['deviceMuteStatusChanged', p.isMuted]));
      service.on('deviceHoldStatusChanged', (p) => viaOn.push(['deviceHoldStatusChanged', p.holdRequested]));
      service.on('deviceConnectionStatusChanged', (p) => viaOn.push(['deviceConnectionStatusChanged', p.isConnected]));

      library.emit('deviceAnsweredCall', { name: 'CallOffHook', code: 1, conversationId: 'c1', event: { raw: true } });
      // mute is global on the device: the conversationId comes from the tracked active call
      library.emit('deviceMuteStatusChanged', { name: 'CallMuted', isMuted: true });
      library.emit('deviceHoldStatusChanged', { name: 'Hold', holdRequested: true, toggle: false, conversationId: 'c1' });
      library.emit('deviceConnectionStatusChanged', 'running');
      library.emit('deviceConnectionStatusChanged', { isConnected: false, isConnecting: true });
      library.emit('implementationChanged', { vendorName: 'Jabra', isConnected: false, isConnecting: true, disableRetry: false, secret: 1 });
      library.emit('deviceEndedCall', { name: 'CallEnded' });

      expect(seen).to.deep.equal([
        { event: 'deviceAnsweredCall', payload: { name: 'CallOffHook', code: 1, event: { raw: true }, conversationId: 'c1' } },
        { event: 'deviceMuteStatusChanged', payload: { name: 'CallMuted', conversationId: 'c1', isMuted: true } },
        { event: 'deviceHoldStatusChanged', payload: { name: 'Hold', conversationId: 'c1', holdRequested: true, toggle: false } },
        { event: 'deviceConnectionStatusChanged', payload: { status: 'running', isConnected: true, isConnecting: false } },
        { event: 'deviceConnectionStatusChanged', payload: { status: 'checking', isConnected: false, isConnecting: true } },
        { event: 'implementationChanged', payload: { vendorName: 'Jabra', isConnected: false, isConnecting: true, disableRetry: false } },
        { event: 'deviceEndedCall', payload: { name: 'CallEnded', conversationId: 'c1' } },
      ]);
      expect(viaOn).to.deep.equal([
        ['deviceAnsweredCall', 'c1'], ['deviceMuteStatusChanged', true], ['deviceHoldStatusChanged', true],
        ['deviceConnectionStatusChanged', true], ['deviceConnectionStatusChanged', false],
      ]);
    });

    it('fills a missing conversationId from the ringing call and drops events with no call to act on', async () => {
      const library = new FakeVendorLibrary();
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: fakeLoader(library).loader });
      await service.load();
      const seen = collect(service);
      library.emit('deviceAnsweredCall', { name: 'CallOffHook' });
      library.emit('deviceMuteStatusChanged', { isMuted: true });
      library.emit('somethingNew', {});
      expect(seen).to.deep.equal([]);
      expect(logger.at('debug').filter((m) => m.includes('device event ignored'))).to.have.length(3);

      await service.setRinging({ conversationId: 'c7' }, false);
      library.emit('deviceRejectedCall', { name: 'CallRejected' });
      expect(seen).to.deep.equal([{ event: 'deviceRejectedCall', payload: { name: 'CallRejected', conversationId: 'c7' } }]);
    });

    it('passes the WebHID permission callback through, callable from the app', async () => {
      const library = new FakeVendorLibrary();
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: fakeLoader(library).loader });
      await service.load();
      let asked = 0;
      const payloads: Array<{ callback: () => void }> = [];
      service.on('webHidPermissionRequested', (p) => payloads.push(p));
      library.emit('webHidPermissionRequested', { callback: () => { asked++; } });
      expect(payloads).to.have.length(1);
      payloads[0].callback();
      expect(asked).to.equal(1);
    });

    it('a subscriber or listener that throws is logged and the others still get the event', async () => {
      const library = new FakeVendorLibrary();
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: fakeLoader(library).loader });
      await service.outgoingCall({ conversationId: 'c1' });
      service.headsetEvents$.subscribe(() => { throw new Error('bad subscriber'); });
      const seen = collect(service);
      service.on('deviceEndedCall', () => { throw new Error('bad listener'); });
      let later = 0;
      service.on('deviceEndedCall', () => { later++; });
      expect(() => library.emit('deviceEndedCall', { conversationId: 'c1' })).not.to.throw();
      expect(seen).to.have.length(1);
      expect(later).to.equal(1);
      expect(logger.at('error')).to.have.length(2);
    });

    it('never throws into the SDK: a failing or hanging device call is logged and the queue moves on', async () => {
      const library = new FakeVendorLibrary();
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: fakeLoader(library).loader, operationTimeoutMs: 50 });
      library.behaviour.incomingCall = () => { throw new Error('device unplugged'); };
      library.behaviour.answerCall = () => Promise.reject(new Error('vendor app closed'));
      library.behaviour.setMute = () => new Promise(() => undefined);
      await service.setRinging({ conversationId: 'c1' }, false);
      await service.answerIncomingCall('c1', false);
      const started = performance.now();
      await service.setMute(true);
      expect(performance.now() - started).to.be.at.least(40);
      await service.setHold('c1', true);
      expect(library.calls.map((c) => c[0])).to.deep.equal(['incomingCall', 'answerCall', 'setMute', 'setHold']);
      const warnings = logger.at('warn');
      expect(warnings.some((m) => m.includes('setRinging failed'))).to.equal(true);
      expect(warnings.some((m) => m.includes('answerIncomingCall failed'))).to.equal(true);
      expect(warnings.some((m) => m.includes('setMute failed'))).to.equal(true);
    });

    it('a failed load degrades to no-ops with one logged warning and is not retried', async () => {
      const library = new FakeVendorLibrary();
      const load = fakeLoader(library, { fail: new Error('chunk 404') });
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: load.loader });
      await service.setRinging({ conversationId: 'c1' }, false);
      await service.setMute(true);
      service.updateAudioInputDevice('mic');
      await service.endAllCalls();
      expect(load.configs).to.have.length(1);
      expect(library.calls).to.deep.equal([]);
      expect(service.isActive).to.equal(false);
      expect(service.getConnectionStatus()).to.equal('noVendor');
      expect(logger.at('warn').filter((m) => m.includes('failed to load'))).to.have.length(1);
    });

    it('a load that never finishes times out and degrades to no-ops', async () => {
      const load = fakeLoader(new FakeVendorLibrary(), { manual: true });
      const logger = new RecordingLogger();
      const service = createHeadsetService({ logger, useHeadsets: true, loader: load.loader, loadTimeoutMs: 50 });
      await service.setMute(true);
      expect(service.isActive).to.equal(false);
      expect(logger.at('warn').filter((m) => m.includes('failed to load'))).to.have.length(1);
    });

    it('reports the selected implementation, showRetry and the connection status from the library', async () => {
      const library = new FakeVendorLibrary();
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: fakeLoader(library).loader });
      expect(service.deviceIsSupported({ micLabel: 'jabra' })).to.equal(false); // not loaded yet: starts the load
      await service.load();
      expect(service.deviceIsSupported({ micLabel: 'jabra' })).to.equal(true);
      expect(service.showRetry()).to.equal(false);
      library.selectedImplementation = { vendorName: 'Plantronics', isConnected: false, isConnecting: false };
      library.status = 'notRunning';
      expect(service.currentSelectedImplementation).to.deep.equal({ vendorName: 'Plantronics', isConnected: false, isConnecting: false });
      expect(service.showRetry()).to.equal(true);
      expect(service.getConnectionStatus()).to.equal('notRunning');
      library.selectedImplementation = { vendorName: 'Plantronics', isConnected: false, isConnecting: false, disableRetry: true };
      expect(service.showRetry()).to.equal(false);
      library.selectedImplementation = { vendorName: 'Plantronics', isConnected: false, isConnecting: true };
      expect(service.showRetry()).to.equal(false);
    });

    it('destroy unsubscribes from the library, completes headsetEvents$ and makes calls no-ops', async () => {
      const library = new FakeVendorLibrary();
      const service = createHeadsetService({ logger: new RecordingLogger(), useHeadsets: true, loader: fakeLoader(library).loader });
      await service.outgoingCall({ conversationId: 'c1' });
      let completed = false;
      const seen: HeadsetEvent[] = [];
      service.headsetEvents$.subscribe({ next: (v) => seen.push(v), complete: () => { completed = true; } });
      service.destroy();
      expect(library.subscriberCount).to.equal(0);
      expect(completed).to.equal(true);
      library.emit('deviceEndedCall', { conversationId: 'c1' });
      await service.setMute(true);
      expect(seen).to.deep.equal([]);
      expect(library.calls.map((c) => c[0])).to.deep.equal(['outgoingCall']);
    });
  });

  describe('the real softphone-vendor-headsets in Chromium', () => {
    it('loads lazily through the dynamic import without throwing and without patching Promise or fetch', async () => {
      const logger = new RecordingLogger();
      expect(headsetResources()).to.deep.equal([]);
      const service = createHeadsetService({ logger, useHeadsets: true, findMicLabel: () => 'Fake Default Audio Input' });
      const loaded = await service.load();
      expect(loaded, JSON.stringify(logger.entries, (_k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v))).to.equal(true);
      expect(service.isActive).to.equal(true);
      expect(headsetResources().length).to.be.greaterThan(0);
      expect(logger.at('warn')).to.deep.equal([]);

      // zone.js (a declared dependency of the library) must not have been loaded
      expect(window.Promise).to.equal(ORIGINAL_PROMISE);
      expect(Promise).to.equal(ORIGINAL_PROMISE);
      expect(window.fetch).to.equal(ORIGINAL_FETCH);
      expect((window as unknown as { Zone?: unknown }).Zone).to.equal(undefined);
      expect(await Promise.resolve(1)).to.equal(1);
      expect(Object.getPrototypeOf((async () => 1)())).to.equal(ORIGINAL_PROMISE.prototype);

      // no vendor matches this microphone: every call is a harmless no-op in the library
      service.updateAudioInputDevice('default');
      await service.setRinging({ conversationId: 'real-1' }, false);
      await service.answerIncomingCall('real-1', false);
      await service.setMute(true);
      await service.endCurrentCall('real-1');
      expect(service.getConnectionStatus()).to.equal('noVendor');
      expect(service.currentSelectedImplementation).to.equal(null);
      expect(service.deviceIsSupported({ micLabel: 'fake default audio input' })).to.equal(false);
      expect(logger.at('warn')).to.deep.equal([]);
      service.destroy();
    });
  });
});
