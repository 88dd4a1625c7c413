import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  IConversationParticipantFromEvent, IExtendedMediaSession, IPendingSession, ISdkConversationUpdateEvent,
  ISessionIdAndConversationId, IStoredConversationState, JingleReason, SessionConnectionState,
} from '../../src/types/sessions';
import type { SdkError } from '../../src/errors';
import type { ISdkConnectionStateEvent } from '../../src/types/events';
import type { HeadsetEvent, HeadsetSubscription } from '../../src/headsets/types';
import { GcElement } from '../internal/gc-element';
import { EngineConsumer } from '../internal/engine-consumer';
import type { GcSdk } from '../internal/engine';
import { TrackLevelMeter } from '../internal/level-meter';
import { describeError } from '../internal/errors';
import { strings } from '../internal/strings';
import { componentStyles } from '../internal/styles';
import type { GcConnectionState } from '../internal/events';
import styles from './softphone.styles';

type Quality = 'good' | 'fair' | 'poor' | 'unknown';
type Loose = { on(e: string, l: (...a: never[]) => void): unknown; off(e: string, l: (...a: never[]) => void): unknown };

/** One row of the call list. */
interface CallView {
  conversationId: string;
  who: string;
  state: string;
  muted: boolean;
  held: boolean;
  session?: IExtendedMediaSession;
}

interface StatsSample { lost: number; received: number; at: number }

const PAD: Array<[string, string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'], ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'], ['*', ''], ['0', '+'], ['#', ''],
];

function otherParty(c: IStoredConversationState): IConversationParticipantFromEvent | undefined {
  const me = c.mostRecentUserParticipant?.id;
  const others = (c.conversationUpdate?.participants ?? []).filter((p) => p.id !== me && p.purpose !== 'acd' && p.purpose !== 'ivr');
  return others.find((p) => p.purpose === 'customer' || p.purpose === 'external') ?? others[0];
}

function formatDuration(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * @summary A softphone: number entry with dial pad, incoming-call banner, and the list of calls with
 * mute, hold and end controls, call timer, media connection state, call quality and a mic level meter.
 *
 * @event {CustomEvent<{action: string, conversationId?: string, error: unknown}>} gc-call-error - A softphone action failed (also shown in the element).
 *
 * @csspart base - The outer container.
 * @csspart status - The SDK connection status.
 * @csspart number-input - The phone number `<input>`.
 * @csspart dial-pad - The dial pad grid.
 * @csspart dial-key - Each dial pad key.
 * @csspart call-button - The call button.
 * @csspart incoming - The incoming-call banner.
 * @csspart answer-button - Answer button of the incoming-call banner.
 * @csspart decline-button - Decline button of the incoming-call banner.
 * @csspart call-list - The `<ul>` of calls.
 * @csspart call - Each call `<li>`.
 * @csspart mute-button - Each call's mute toggle.
 * @csspart hold-button - Each call's hold toggle.
 * @csspart end-button - Each call's end button.
 * @csspart quality - Each call's quality indicator.
 * @csspart meter - The microphone level meter.
 * @csspart error - The error message.
 *
 * @cssprop --gc-softphone-width - Maximum width. Default 28rem.
 * @cssprop --gc-color-accent - Accent color. Default #1f5fbf.
 * @cssprop --gc-color-success - Answer/connected color.
 * @cssprop --gc-color-danger - Decline/end color.
 * @cssprop --gc-color-surface - Background.
 * @cssprop --gc-color-border - Border color.
 * @cssprop --gc-incoming-background - Background of the incoming-call banner.
 * @cssprop --gc-radius - Corner radius.
 * @cssprop --gc-font-family - Font family.
 */
export class GcSoftphone extends GcElement {
  static override styles = [componentStyles, styles];

  /** An engine to use instead of the nearest `<gc-webrtc-sdk>`. */
  @property({ attribute: false }) sdk?: GcSdk;
  /** Id of the `<gc-webrtc-sdk>` whose engine to use. */
  @property() for?: string;
  /** Hide the number entry and dial pad (answer-only phones). */
  @property({ type: Boolean, attribute: 'no-dialer' }) noDialer = false;
  /** The number in the input. */
  @property() number = '';
  /**
   * Do not act on headset buttons. By default the element is the "app" of the SDK's headset
   * policy: it answers, rejects, ends, mutes and holds calls from `sdk.headset.headsetEvents$`
   * (with `fromHeadset: true`). Set this when the page handles those events itself.
   */
  @property({ type: Boolean, attribute: 'no-headset-control' }) noHeadsetControl = false;

  @state() private connection: GcConnectionState = 'idle';
  @state() private pending: IPendingSession[] = [];
  @state() private conversations: IStoredConversationState[] = [];
  @state() private sessions: IExtendedMediaSession[] = [];
  @state() private busy = new Set<string>();
  @state() private error = '';
  @state() private announcement = '';
  @state() private now = Date.now();
  @state() private micLevel = 0;
  @state() private mediaStates: Record<string, SessionConnectionState | string> = {};
  @state() private quality: Record<string, Quality> = {};

  private connectedAt = new Map<string, number>();
  private lastStates = new Map<string, string>();
  private stats = new Map<string, StatsSample>();
  private tick: ReturnType<typeof setInterval> | undefined;
  private meter: TrackLevelMeter | undefined;
  private meterTrack: MediaStreamTrack | undefined;
  private sessionListeners = new Map<IExtendedMediaSession, (s: SessionConnectionState) => void>();
  private offs: Array<() => void> = [];
  private headsetSubscription: HeadsetSubscription | undefined;

  private readonly engine = new EngineConsumer(this, {
    attach: (sdk) => this.attach(sdk),
    detach: () => this.detach(),
  });

  private attach(sdk: GcSdk): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- internal: listeners are typed at each call below
    const on = (event: string, fn: (...a: any[]) => void): void => {
      const e = sdk as unknown as Loose;
      e.on(event, fn);
      this.offs.push(() => e.off(event, fn));
    };
    this.connection = sdk.isInitialized ? 'connected' : 'connecting';
    on('ready', () => { this.connection = 'connected'; });
    on('connected', () => { this.connection = 'connected'; });
    on('disconnected', () => { this.connection = 'disconnected'; });
    on('connectionState', ({ state }: ISdkConnectionStateEvent) => {
      if (state === 'reconnecting' || (state === 'connected' && this.connection === 'reconnecting')) this.connection = state;
    });
    on('pendingSession', (p: IPendingSession) => this.onPending(p));
    on('cancelPendingSession', (e: ISessionIdAndConversationId) => this.removePending(e));
    on('handledPendingSession', (e: ISessionIdAndConversationId) => this.removePending(e));
    on('sessionStarted', (s: IExtendedMediaSession) => this.onSessionStarted(s));
    on('sessionEnded', (s: IExtendedMediaSession, r: JingleReason) => this.onSessionEnded(s, r));
    on('conversationUpdate', (e: ISdkConversationUpdateEvent) => this.onConversationUpdate(e));
    on('sdkError', (e: SdkError) => {
      if (['session', 'call', 'media', 'invalid_token'].includes(e.type)) this.error = describeError(e);
      if (e.type === 'initialization') { this.connection = 'failed'; this.error = describeError(e); }
    });
    this.tick = setInterval(() => this.onTick(), 1000);
    this.syncHeadset();
  }

  /** Subscribes to (or leaves) `sdk.headset.headsetEvents$` per `no-headset-control`. */
  private syncHeadset(): void {
    const sdk = this.engine.sdk;
    const want = Boolean(sdk) && !this.noHeadsetControl;
    if (!want) {
      this.headsetSubscription?.unsubscribe();
      this.headsetSubscription = undefined;
      return;
    }
    if (this.headsetSubscription) return;
    const events = (sdk as { headset?: Partial<GcSdk['headset']> } | undefined)?.headset?.headsetEvents$;
    if (!events) return;
    this.headsetSubscription = events.subscribe((e) => this.onHeadsetEvent(e));
  }

  /** A headset button: call the SDK as the upstream headset policy asks an app to. */
  private onHeadsetEvent(e: HeadsetEvent): void {
    const sdk = this.engine.sdk;
    if (!sdk) return;
    const fromHeadset = true;
    switch (e.event) {
      case 'deviceAnsweredCall': {
        const { conversationId } = e.payload;
        void this.run('answer', conversationId, () => sdk.acceptPendingSession?.({ conversationId, fromHeadset }));
        break;
      }
      case 'deviceRejectedCall': {
        const { conversationId } = e.payload;
        void this.run('decline', conversationId, () => sdk.rejectPendingSession?.({ conversationId, fromHeadset }))
          .then(() => this.removePending({ conversationId }));
        break;
      }
      case 'deviceEndedCall': {
        const { conversationId } = e.payload;
        void this.run('end', conversationId, () => sdk.endSession?.({ conversationId, fromHeadset }));
        break;
      }
      case 'deviceMuteStatusChanged': {
        const { conversationId, isMuted } = e.payload;
        void this.run('mute', conversationId, () => sdk.setAudioMute?.({ conversationId, mute: isMuted, fromHeadset }));
        break;
      }
      case 'deviceHoldStatusChanged': {
        const { conversationId, holdRequested } = e.payload;
        void this.run('hold', conversationId, () => sdk.setConversationHeld?.({ conversationId, held: holdRequested, fromHeadset }));
        break;
      }
      default:
        break; // connection status, WebHID permission, diagnostics: nothing to do for the softphone
    }
  }

  private detach(): void {
    for (const off of this.offs) off();
    this.offs = [];
    this.headsetSubscription?.unsubscribe();
    this.headsetSubscription = undefined;
    if (this.tick) clearInterval(this.tick);
    this.tick = undefined;
    for (const [s, l] of this.sessionListeners) s.off('connectionState', l);
    this.sessionListeners.clear();
    this.stopMeter();
    this.pending = [];
    this.conversations = [];
    this.sessions = [];
    this.connection = 'idle';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopMeter();
  }

  // ---- engine events ----

  private onPending(p: IPendingSession): void {
    if (p.sessionType !== 'softphone' || p.autoAnswer) return; // outbound calls are answered by the SDK
    this.pending = [...this.pending.filter((x) => x.conversationId !== p.conversationId), p];
    this.announcement = strings().softphone.incomingFrom(this.pendingWho(p));
  }

  private removePending(e: ISessionIdAndConversationId): void {
    this.pending = this.pending.filter((p) => p.conversationId !== e.conversationId && p.sessionId !== e.sessionId);
  }

  private onSessionStarted(s: IExtendedMediaSession): void {
    // video conferences and screen sessions have their own elements; they are not calls
    if (s.sessionType !== 'softphone') return;
    this.removePending({ conversationId: s.conversationId });
    this.sessions = [...this.sessions.filter((x) => x.id !== s.id), s];
    const listener = (st: SessionConnectionState): void => { this.mediaStates = { ...this.mediaStates, [s.id]: st }; this.updateMeter(); };
    s.on('connectionState', listener);
    this.sessionListeners.set(s, listener);
    this.mediaStates = { ...this.mediaStates, [s.id]: s.connectionState };
  }

  private onSessionEnded(s: IExtendedMediaSession, _r: JingleReason): void {
    const l = this.sessionListeners.get(s);
    if (l) s.off('connectionState', l);
    this.sessionListeners.delete(s);
    this.sessions = this.sessions.filter((x) => x.id !== s.id);
    this.stats.delete(s.id);
    this.updateMeter();
  }

  private onConversationUpdate(e: ISdkConversationUpdateEvent): void {
    this.conversations = e.current;
    for (const c of e.current) {
      const v = this.view(c);
      if (v.state === 'connected' && !this.connectedAt.has(v.conversationId)) {
        const reported = Date.parse((c.mostRecentCallState as { connectedTime?: string } | undefined)?.connectedTime ?? '');
        this.connectedAt.set(v.conversationId, Number.isFinite(reported) ? Math.min(reported, Date.now()) : Date.now());
      }
      const key = `${v.state}|${v.muted}|${v.held}`;
      if (this.lastStates.get(v.conversationId) !== key) {
        this.lastStates.set(v.conversationId, key);
        const s = strings().softphone;
        const words = [s.states[v.state] ?? v.state, v.muted ? s.muted : '', v.held ? s.held : ''].filter(Boolean).join(', ');
        this.announcement = s.callState(v.who, words);
      }
    }
    for (const r of e.removed) { this.connectedAt.delete(r.conversationId); this.lastStates.delete(r.conversationId); }
    this.updateMeter();
  }

  private onTick(): void {
    this.now = Date.now();
    for (const s of this.sessions) void this.sampleQuality(s);
  }

  /** Call quality from the session's RTCPeerConnection stats: inbound audio loss over the last interval and jitter/RTT. */
  private async sampleQuality(session: IExtendedMediaSession): Promise<void> {
    if (!session.pc || session.pc.connectionState === 'closed') return;
    let lost = 0; let received = 0; let jitter = 0; let rtt = 0;
    try {
      const report = await session.pc.getStats();
      report.forEach((r: RTCStats & Record<string, unknown>) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          lost += Number(r.packetsLost ?? 0); received += Number(r.packetsReceived ?? 0); jitter = Math.max(jitter, Number(r.jitter ?? 0));
        }
        if (r.type === 'candidate-pair' && r.nominated && typeof r.currentRoundTripTime === 'number') rtt = r.currentRoundTripTime;
      });
    } catch {
      return;
    }
    const prev = this.stats.get(session.id);
    this.stats.set(session.id, { lost, received, at: Date.now() });
    if (!prev) return;
    const dLost = lost - prev.lost;
    const dRecv = received - prev.received;
    const held = this.callsOf(session).every((c) => c.held);
    let q: Quality = 'unknown';
    if (!held && dRecv + dLost > 0) {
      const loss = dLost / (dRecv + dLost);
      q = loss < 0.02 && jitter < 0.03 && rtt < 0.3 ? 'good' : loss < 0.08 && jitter < 0.06 && rtt < 0.6 ? 'fair' : 'poor';
    } else if (!held && session.connectionState === 'connected') {
      q = 'poor'; // connected but no audio packets arrive
    }
    if (this.quality[session.id] !== q) this.quality = { ...this.quality, [session.id]: q };
  }

  /** Mic level of the first connected call's outgoing audio track. */
  private updateMeter(): void {
    const active = this.calls().find((c) => c.state === 'connected' && c.session?.pc);
    const track = active?.session?.pc.getSenders().find((s) => s.track?.kind === 'audio')?.track ?? undefined;
    if (track === this.meterTrack) return;
    this.stopMeter();
    if (!track) return;
    this.meterTrack = track;
    this.meter = new TrackLevelMeter(track, (level) => { this.micLevel = level; });
    this.meter.start();
  }

  private stopMeter(): void {
    this.meter?.stop();
    this.meter = undefined;
    this.meterTrack = undefined;
    this.micLevel = 0;
  }

  // ---- views ----

  private pendingWho(p: IPendingSession): string {
    const c = this.conversations.find((x) => x.conversationId === p.conversationId);
    const other = c ? otherParty(c) : undefined;
    const named = other as (IConversationParticipantFromEvent & { name?: string }) | undefined;
    return named?.name ?? other?.address?.replace(/^(tel|sip):/, '') ?? p.fromJid?.split('@')[0] ?? strings().softphone.unknownParty;
  }

  private view(c: IStoredConversationState): CallView {
    const other = otherParty(c) as (IConversationParticipantFromEvent & { name?: string }) | undefined;
    const call = c.mostRecentCallState;
    return {
      conversationId: c.conversationId,
      who: other?.name || other?.address?.replace(/^(tel|sip):/, '') || strings().softphone.unknownParty,
      state: call?.state ?? c.mostRecentUserParticipant?.state ?? 'none',
      muted: call?.muted ?? false,
      held: call?.held ?? false,
      session: c.session ?? this.sessions.find((s) => s.conversationId === c.conversationId),
    };
  }

  private calls(): CallView[] {
    const fromConversations = this.conversations.map((c) => this.view(c)).filter((v) => v.state !== 'disconnected' && v.state !== 'terminated');
    // sessions whose conversation has not been reported (yet) still get a row
    const known = new Set(this.conversations.map((c) => c.conversationId));
    const orphans = this.sessions.filter((s) => !known.has(s.conversationId)).map((s): CallView => ({
      conversationId: s.conversationId, who: strings().softphone.unknownParty, state: s.state === 'active' ? 'connected' : s.state,
      muted: Boolean(s.audioMuted), held: false, session: s,
    }));
    return [...fromConversations, ...orphans];
  }

  private callsOf(session: IExtendedMediaSession): CallView[] {
    return this.calls().filter((c) => c.session?.id === session.id);
  }

  // ---- actions ----

  private async run(action: string, conversationId: string | undefined, fn: () => Promise<unknown> | undefined): Promise<void> {
    const key = `${action}:${conversationId ?? ''}`;
    this.error = '';
    this.busy = new Set(this.busy).add(key);
    try {
      const result = fn();
      if (result === undefined) throw new Error(strings().softphone.notSupported);
      await result;
    } catch (error) {
      this.error = describeError(error);
      this.emit('gc-call-error', { action, conversationId, error });
    } finally {
      const next = new Set(this.busy);
      next.delete(key);
      this.busy = next;
    }
  }

  private isBusy(action: string, conversationId = ''): boolean {
    return this.busy.has(`${action}:${conversationId}`);
  }

  /** Places a call to `number` (or the number in the input). */
  async call(number = this.number): Promise<void> {
    const phoneNumber = number.trim();
    if (!phoneNumber) return;
    await this.run('call', undefined, () => this.engine.sdk?.startSoftphoneSession?.({ phoneNumber }));
  }

  /** Answers a pending incoming call. */
  async answer(conversationId: string): Promise<void> {
    await this.run('answer', conversationId, () => this.engine.sdk?.acceptPendingSession?.({ conversationId }));
  }

  /** Declines a pending incoming call. */
  async decline(conversationId: string): Promise<void> {
    await this.run('decline', conversationId, () => this.engine.sdk?.rejectPendingSession?.({ conversationId }));
    this.removePending({ conversationId });
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.call();
  }

  private press(key: string): void {
    this.number += key;
    this.renderRoot.querySelector<HTMLInputElement>('#number')?.focus();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('noHeadsetControl')) this.syncHeadset();
    if (changed.has('conversations') || changed.has('sessions')) this.updateMeter();
  }

  override render() {
    const s = strings().softphone;
    const c = strings().connection;
    const sdk = this.engine.sdk;
    const calls = this.calls();
    const station = sdk?.station;
    const la = station?.webRtcCallAppearances;
    const persistent = sdk?.isPersistentConnectionEnabled?.() ?? false;
    return html`<section class="base" part="base" aria-label=${s.label}>
      <header>
        <h2>${s.label}</h2>
        <span class="status" part="status" role="status">
          <span class="dot" data-state=${this.connection} aria-hidden="true"></span>${sdk ? c[this.connection] : c.idle}
        </span>
      </header>
      ${!sdk ? html`<p class="empty">${c.noEngine}</p>` : nothing}

      <div class="incoming" part="incoming" role="region" aria-label=${s.incoming} ?hidden=${this.pending.length === 0}>
        ${this.pending.map((p) => html`
          <strong>${s.incomingFrom(this.pendingWho(p))}</strong>
          <div class="actions">
            <button class="success" part="answer-button" ?disabled=${this.isBusy('answer', p.conversationId)}
              @click=${() => void this.answer(p.conversationId)}>${s.answer}</button>
            <button class="danger" part="decline-button" ?disabled=${this.isBusy('decline', p.conversationId)}
              @click=${() => void this.decline(p.conversationId)}>${s.decline}</button>
          </div>`)}
      </div>

      ${this.noDialer ? nothing : html`
        <form @submit=${this.onSubmit}>
          <div class="number-row">
            <label class="visually-hidden" for="number">${s.number}</label>
            <input id="number" part="number-input" type="tel" inputmode="tel" autocomplete="off"
              placeholder=${s.numberPlaceholder} .value=${this.number}
              @input=${(e: Event) => { this.number = (e.target as HTMLInputElement).value; }}>
            <button type="button" aria-label=${s.clear} ?disabled=${!this.number}
              @click=${() => { this.number = this.number.slice(0, -1); }}>⌫</button>
          </div>
          <div class="pad" part="dial-pad" role="group" aria-label=${s.dialPad}>
            ${PAD.map(([k, letters]) => html`<button type="button" part="dial-key" data-key=${k}
              @click=${() => this.press(k)}><span>${k}</span><small aria-hidden="true">${letters || '\u00a0'}</small></button>`)}
          </div>
          <button type="submit" class="success" part="call-button"
            ?disabled=${!sdk || !this.number.trim() || this.isBusy('call')}>${this.isBusy('call') ? s.calling : s.call}</button>
        </form>`}

      <div>
        <h3 id="calls-h">${s.calls}${la ? html` <span class="line">· ${s.lineAppearance(la)}</span>` : nothing}</h3>
        ${calls.length === 0 ? html`<p class="empty">${s.noCalls}</p>` : html`
          <ul part="call-list" aria-labelledby="calls-h">
            ${calls.map((v) => this.renderCall(v, calls, persistent))}
          </ul>`}
      </div>

      <div class="mic">
        <span id="mic-l">${s.micLevel}</span>
        <span class="meter" part="meter" role="meter" aria-labelledby="mic-l" aria-valuemin="0" aria-valuemax="100"
          aria-valuenow=${Math.round(this.micLevel * 100)}><span style="width:${Math.round(this.micLevel * 100)}%"></span></span>
      </div>

      ${this.error ? html`<div class="error" part="error" role="alert"><span>${this.error}</span>
        <button aria-label=${strings().errors.dismiss} @click=${() => { this.error = ''; }}>×</button></div>` : nothing}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderCall(v: CallView, all: CallView[], persistent: boolean) {
    const s = strings().softphone;
    const id = v.conversationId;
    const started = this.connectedAt.get(id);
    const shared = v.session ? all.filter((x) => x.session?.id === v.session?.id).length > 1 || persistent : false;
    const media = v.session ? this.mediaStates[v.session.id] ?? v.session.connectionState : undefined;
    const q = v.session ? this.quality[v.session.id] ?? 'unknown' : undefined;
    const ended = v.state === 'disconnected' || v.state === 'terminated';
    return html`<li class="call" part="call" data-state=${v.state} ?data-held=${v.held} aria-label=${s.callState(v.who, s.states[v.state] ?? v.state)}>
      <div class="call-top">
        <span class="who">${v.who}</span>
        <span class="timer" role="timer" aria-label="duration">${started && v.state === 'connected' ? formatDuration(this.now - started) : ''}</span>
      </div>
      <div class="meta">
        <span>${s.states[v.state] ?? v.state}${v.muted ? `, ${s.muted}` : ''}${v.held ? `, ${s.held}` : ''}</span>
        ${media ? html`<span>${s.media[media] ?? media}</span>` : nothing}
        ${q ? html`<span class="quality" part="quality" data-level=${q}>${s.quality}: ${s.qualityLevels[q]}</span>` : nothing}
        ${shared ? html`<span>${s.sharedLine}</span>` : nothing}
      </div>
      <div class="call-actions">
        <button part="mute-button" aria-pressed=${v.muted ? 'true' : 'false'} ?disabled=${ended || this.isBusy('mute', id)}
          @click=${() => void this.run('mute', id, () => this.engine.sdk?.setAudioMute?.({ conversationId: id, mute: !v.muted }))}>${v.muted ? s.unmute : s.mute}</button>
        <button part="hold-button" aria-pressed=${v.held ? 'true' : 'false'} ?disabled=${ended || this.isBusy('hold', id)}
          @click=${() => void this.run('hold', id, () => this.engine.sdk?.setConversationHeld?.({ conversationId: id, held: !v.held }))}>${v.held ? s.resume : s.hold}</button>
        <button part="end-button" class="danger" ?disabled=${ended || this.isBusy('end', id)}
          @click=${() => void this.run('end', id, () => this.engine.sdk?.endSession?.({ conversationId: id }))}>${s.end}</button>
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-softphone': GcSoftphone;
  }
}
