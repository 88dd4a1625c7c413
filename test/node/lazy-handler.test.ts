// LazyHandler (src/sessions/lazy-handler.ts): signaling held while the real handler loads is handed
// over in arrival order, a failed load is reported once and drops what was held, the queue is bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LazyHandler } from '../../src/sessions/lazy-handler';
import { HandlerRegistry, type RoutedHandler } from '../../src/sessions/handler-registry';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { GenesysMediaSession } from '../../src/sessions/media-session';
import type { SessionManager } from '../../src/sessions/session-manager';
import { SessionTypes, type IPendingSession } from '../../src/types/sessions';

const silent = { log() {}, debug() {}, info() {}, warn() {}, error() {} };

function fakeHandler(calls: string[]): RoutedHandler {
  return {
    sessionType: SessionTypes.screenRecording,
    handlePropose: (p) => { calls.push(`propose:${p.sessionId}`); },
    handleSessionInit: async (s) => { calls.push(`init:${s.id}`); },
    handleSessionEnded: (s) => { calls.push(`ended:${s.id}`); },
    handlePendingGone: (id) => { calls.push(`gone:${id}`); },
    acceptPendingSession: async (p) => { calls.push(`acceptPending:${p.conversationId}`); },
    rejectPendingSession: async () => undefined,
    acceptSession: async () => undefined,
    endSession: async () => undefined,
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void; let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const pending = (id: string) => ({ sessionId: id, id, conversationId: `c-${id}` }) as IPendingSession;
const session = (id: string, ended: string[] = []) => ({ id, end: async (reason: string) => { ended.push(`${id}:${reason}`); } }) as unknown as GenesysMediaSession;

function setup(opts: { maxQueued?: number } = {}) {
  const calls: string[] = [];
  const removed: string[] = [];
  const errors: SdkError[] = [];
  const load = deferred<RoutedHandler>();
  let loads = 0;
  const manager = { removePending: (id: string) => { removed.push(id); return pending(id); } } as unknown as SessionManager;
  const lazy = new LazyHandler({
    sessionType: SessionTypes.screenRecording, manager, logger: silent, ...opts,
    fail: (err, type, msg) => { const e = new SdkError(type, `${msg}: ${String(err)}`); errors.push(e); return e; },
    load: () => { loads++; return load.promise; },
  });
  return { lazy, calls, removed, errors, load, loads: () => loads };
}

test('events held while loading reach the handler in arrival order, then directly', async () => {
  const { lazy, calls, load, loads } = setup();
  lazy.handlePropose(pending('a'));
  const init = lazy.handleSessionInit(session('a'));
  lazy.handlePendingGone('b');
  lazy.handleSessionEnded(session('a'));
  assert.deepEqual(calls, []);
  load.resolve(fakeHandler(calls));
  await init;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(calls, ['propose:a', 'init:a', 'gone:b', 'ended:a']);
  lazy.handlePropose(pending('c'));
  assert.deepEqual(calls.at(-1), 'propose:c', 'once loaded, synchronous');
  await lazy.acceptPendingSession({ conversationId: 'c-c' });
  assert.equal(calls.at(-1), 'acceptPending:c-c');
  assert.equal(loads(), 1);
});

test('a failed load: one error, held proposals forgotten and sessions ended; the next use loads again', async () => {
  const { lazy, calls, removed, errors, load, loads } = setup();
  const ended: string[] = [];
  lazy.handlePropose(pending('a'));
  const init = lazy.handleSessionInit(session('s', ended));
  lazy.handlePropose(pending('b'));
  load.reject(new Error('chunk 404'));
  await init;
  await new Promise((r) => setImmediate(r));
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.type, SdkErrorTypes.session);
  assert.match(errors[0]!.message, /Could not load the screenRecording session code: Error: chunk 404/);
  assert.deepEqual(removed, ['a', 'b']);
  assert.deepEqual(ended, ['s:failed-application']);
  assert.deepEqual(calls, []);
  // the ended session's end event (the manager reports it) does not load again
  lazy.handleSessionEnded(session('s'));
  lazy.handlePendingGone('a');
  assert.equal(loads(), 1);
  assert.equal(errors.length, 1);
  await assert.rejects(lazy.acceptSession({ conversationId: 'x' }), SdkError);
  assert.equal(loads(), 2, 'loaded again on the next use');
});

test('the queue is bounded: beyond maxQueued a proposal is dropped at once', async () => {
  const { lazy, removed, calls, load } = setup({ maxQueued: 2 });
  lazy.handlePropose(pending('a'));
  lazy.handlePropose(pending('b'));
  lazy.handlePropose(pending('c'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(removed, ['c']);
  load.resolve(fakeHandler(calls));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(calls, ['propose:a', 'propose:b']);
});

test('the registry routes by the given session type, else by the conversation\'s, else by a handler that is starting one', () => {
  let typeOfConversation: SessionTypes | undefined = SessionTypes.softphone;
  const manager = { registerHandler() {}, sessionTypeOfConversation: () => typeOfConversation } as unknown as SessionManager;
  const registry = new HandlerRegistry(manager);
  const recording = registry.register(fakeHandler([]));
  const video = registry.register({ ...fakeHandler([]), sessionType: SessionTypes.collaborateVideo, isStarting: (cid: string) => cid === 'starting' });
  assert.equal(registry.typeFor({ conversationId: 'x', sessionType: 'screenRecording' }), SessionTypes.screenRecording);
  assert.equal(registry.typeFor({ conversationId: 'x' }), SessionTypes.softphone);
  typeOfConversation = undefined;
  assert.equal(registry.typeFor({ conversationId: 'starting' }), SessionTypes.collaborateVideo);
  assert.equal(registry.typeFor({ conversationId: 'nothing' }), undefined);
  assert.equal(registry.get(SessionTypes.screenRecording), recording);
  assert.equal(registry.get(SessionTypes.collaborateVideo), video);
});
