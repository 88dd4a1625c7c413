import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { IExtendedMediaSession, IPendingSession, ISessionIdAndConversationId } from '../../src/types/sessions';
import { GcElement } from '../internal/gc-element';
import { EngineConsumer } from '../internal/engine-consumer';
import type { GcSdk } from '../internal/engine';
import { describeError } from '../internal/errors';
import { FocusKeeper, firstFocusable } from '../internal/focus';
import { strings } from '../internal/strings';
import { componentStyles } from '../internal/styles';
import { StreamCache, screenMetadata } from '../internal/media-streams';
import { GUEST_SCREEN_SHARE, LIVE_MONITORING, SCREEN_RECORDING, Subscriptions, type IGcAcceptSessionRequest } from '../internal/media-api';
import styles from './screen-share.styles';

/** `mode` of `<gc-screen-share>`: guest shares with a code, agent is recorded/monitored, observer watches. */
export type GcScreenShareMode = 'guest' | 'agent' | 'observer';
/** `state` of `<gc-screen-share>`. */
export type GcScreenShareState = 'idle' | 'pending' | 'starting' | 'sharing' | 'watching' | 'error';

const MODES: readonly GcScreenShareMode[] = ['guest', 'agent', 'observer'];
/** Screens an observer can be shown (the documented maximum of monitored screens). */
const MAX_SCREENS = 4;

/** A recording or monitoring session of our own screen (agent mode). */
interface CaptureSession {
  conversationId: string;
  sessionType: string;
  since: Date;
  session?: IExtendedMediaSession;
  stream?: MediaStream;
  /** The screen could not be picked without a click: the element asks for one. */
  needsPick?: boolean;
}

/** Security-code failures: the code endpoint answers 400/403/404/410 for wrong or used codes. */
function isBadCode(error: unknown): boolean {
  for (let e = error as { details?: { status?: number; path?: string }; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    const status = e.details?.status;
    if (status && [400, 403, 404, 410].includes(status)) return true;
  }
  return false;
}

function what(stream: MediaStream | undefined): string {
  const s = strings().screen;
  const track = stream?.getVideoTracks()[0];
  const surface = (track?.getSettings() as { displaySurface?: string } | undefined)?.displaySurface;
  const kind = (surface && s.surfaces[surface]) || '';
  const label = track?.label;
  if (kind && label) return `${kind} (${label})`;
  return kind || (label ? `“${label}”` : s.aScreen);
}

/**
 * @summary Screen sharing in three modes. **guest** (an engine without a token): a "Security code" field and
 * "Share screen" (`initialize({securityCode})` then `startScreenShare()`), what is shared and "Stop sharing".
 * **agent**: an indicator while the agent's screen is recorded or monitored live (session type, since when),
 * the prompt to allow it unless `auto-accept`, and the screen picking and metadata for `acceptSession`.
 * **observer**: the monitored screens of a live monitoring session and a button to end it.
 *
 * @event {CustomEvent<{state: GcScreenShareState, mode: GcScreenShareMode, conversationId?: string}>} gc-screen-share-state-change - `state` changed.
 * @event {CustomEvent<{action: string, conversationId?: string, error: unknown}>} gc-screen-share-error - An action failed (also shown in words).
 * @event {CustomEvent<SdkError>} gc-sdk-error - Invalid attributes or input (`invalid_options`): an unknown `mode`, an empty security code.
 *
 * @csspart base - The outer container.
 * @csspart status - The state line.
 * @csspart code-input - The "Security code" `<input>` (guest).
 * @csspart share-button - "Share screen" (guest).
 * @csspart stop-button - "Stop sharing" (guest).
 * @csspart preview - The preview `<video>` of what you share (guest).
 * @csspart indicator - "Your screen is being recorded / watched" (agent).
 * @csspart prompt - The request to allow recording or monitoring (agent), or to watch (observer).
 * @csspart accept-button - Allow / Watch.
 * @csspart decline-button - Decline.
 * @csspart pick-button - Choose the screen to share, when the browser needs a click for it (agent).
 * @csspart screens - The monitored screens (observer).
 * @csspart screen - Each monitored screen's `<video>` (observer).
 * @csspart end-button - End monitoring (observer).
 * @csspart error - The error message.
 *
 * @cssprop --gc-screen-share-width - Maximum width. Default 40rem.
 * @cssprop --gc-recording-color - Color of the recording indicator. Default #b3261e.
 * @cssprop --gc-recording-background - Background of the recording indicator. Default #fdecea.
 * @cssprop --gc-color-accent - Accent color.
 * @cssprop --gc-color-surface - Background.
 * @cssprop --gc-color-border - Border color.
 * @cssprop --gc-radius - Corner radius.
 * @cssprop --gc-font-family - Font family.
 */
export class GcScreenShare extends GcElement {
  static override styles = [componentStyles, styles];

  /** An engine to use instead of the nearest `<gc-webrtc-sdk>`. */
  @property({ attribute: false }) sdk?: GcSdk;
  /** Id of the `<gc-webrtc-sdk>` whose engine to use. */
  @property() for?: string;
  /** `guest`, `agent` or `observer`; absent: guest for an engine without a token, else agent. */
  @property() mode?: string;
  /** Accept recording / monitoring requests (agent) or monitoring sessions (observer) without asking. */
  @property({ type: Boolean, attribute: 'auto-accept' }) autoAccept = false;
  /** `idle | pending | starting | sharing | watching | error` (reflected, read-only). */
  @property({ reflect: true }) state: GcScreenShareState = 'idle';

  @state() private configError = '';
  @state() private error = '';
  @state() private code = '';
  @state() private busy = false;
  @state() private announcement = '';
  // guest
  @state() private guestStream: MediaStream | undefined;
  @state() private stoppedNote = '';
  // agent
  @state() private captures: CaptureSession[] = [];
  @state() private requests: IPendingSession[] = [];
  // observer
  @state() private watching: IExtendedMediaSession | undefined;
  @state() private screensShown = 0;

  private guestSession: IExtendedMediaSession | undefined;
  private readonly subs = new Subscriptions();
  private readonly watchSubs = new Subscriptions();
  private readonly streams = new StreamCache();
  private readonly observerVideos: HTMLVideoElement[] = [];
  /** Screens picked on the Allow click, waiting for their session (the picker needs a user gesture). */
  private readonly preCaptured = new Map<string, Promise<MediaStream>>();
  private readonly onGuestTrackEnded = (): void => { void this.stop(); };

  private readonly engine = new EngineConsumer(this, {
    attach: (sdk) => this.attach(sdk),
    detach: (sdk) => this.detach(sdk),
  });

  constructor() {
    super();
    // a render that removes the focused control (Share screen, Stop sharing, Allow, Watch…) moves focus to the next step's
    new FocusKeeper(this, () => this.focusTarget());
    for (let i = 0; i < MAX_SCREENS; i++) {
      const v = document.createElement('video');
      v.autoplay = true; v.muted = true; v.playsInline = true;
      v.setAttribute('part', 'screen');
      v.addEventListener('loadedmetadata', () => this.countScreens());
      v.addEventListener('resize', () => this.countScreens());
      this.observerVideos.push(v);
    }
  }

  /** The mode in use: the attribute, else from the engine (no token → guest). */
  get effectiveMode(): GcScreenShareMode {
    if (this.mode && (MODES as readonly string[]).includes(this.mode)) return this.mode as GcScreenShareMode;
    return this.engine.sdk?.isGuest ? 'guest' : 'agent';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mode')) {
      const bad = this.mode !== undefined && this.mode !== null && !(MODES as readonly string[]).includes(this.mode);
      const message = bad ? strings().screen.unknownMode(String(this.mode)) : '';
      if (message && message !== this.configError) this.emit('gc-sdk-error', new SdkError(SdkErrorTypes.invalid_options, `<gc-screen-share>: ${message}`));
      this.configError = message;
    }
  }

  private attach(sdk: GcSdk): void {
    this.subs.on(sdk, 'pendingSession', (p: IPendingSession) => this.onPending(p));
    this.subs.on(sdk, 'cancelPendingSession', (e: ISessionIdAndConversationId) => this.dropRequest(e));
    this.subs.on(sdk, 'handledPendingSession', (e: ISessionIdAndConversationId) => this.dropRequest(e));
    this.subs.on(sdk, 'sessionStarted', (s: IExtendedMediaSession) => this.onSessionStarted(s));
    this.subs.on(sdk, 'sessionEnded', (s: IExtendedMediaSession) => this.onSessionEnded(s));
  }

  private focusTarget(): HTMLElement | undefined {
    return firstFocusable(this.renderRoot, '[part~="stop-button"]', '[part~="end-button"]', '[part~="pick-button"]', '[part~="accept-button"]',
      '[part~="share-button"]', '[part~="code-input"]', '[part~="error"] button', '.focus-anchor');
  }

  /**
   * The element leaves the page or gets another engine: what it shares or watches ends on the old
   * engine (its screen tracks are stopped here, so the session would carry nothing), instead of
   * leaving a silent session behind.
   */
  private detach(sdk: GcSdk): void {
    // a screen recording shares its call's conversationId: name the session type
    const ending = [this.guestSession, this.watching, ...this.captures.map((c) => c.session)]
      .filter((x): x is IExtendedMediaSession => Boolean(x));
    this.subs.clear();
    this.watchSubs.clear();
    this.stopGuestTracks();
    this.guestSession = undefined;
    for (const v of this.observerVideos) v.srcObject = null;
    for (const c of this.captures) c.stream?.getTracks().forEach((t) => t.stop());
    for (const session of new Set(ending)) void sdk.endSession?.({ conversationId: session.conversationId, sessionType: session.sessionType }).catch(() => undefined);
    this.captures = [];
    this.requests = [];
    this.watching = undefined;
    this.setState('idle');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopGuestTracks();
  }

  private setState(next: GcScreenShareState, conversationId?: string): void {
    if (this.state === next) return;
    const previous = this.state;
    this.state = next;
    this.announcement = this.describeState(next, previous);
    this.emit('gc-screen-share-state-change', { state: next, mode: this.effectiveMode, conversationId });
  }

  /** What a screen-reader user hears when the state changes (a live region that is always in the page). */
  private describeState(next: GcScreenShareState, previous: GcScreenShareState): string {
    const s = strings().screen;
    const mode = this.effectiveMode;
    if (mode === 'guest') return next === 'sharing' ? s.sharing(what(this.guestStream)) : next === 'idle' && previous === 'sharing' ? s.stopped : '';
    if (mode === 'observer') return next === 'watching' ? s.observing(s.agentScreen) : next === 'pending' ? s.monitoringRequest : '';
    if (next === 'pending') return this.requests.length ? s.requestRecording : '';
    if (next === 'sharing') return this.captures.some((c) => c.sessionType === SCREEN_RECORDING && c.stream) ? s.recorded : s.monitored;
    return next === 'idle' && previous === 'sharing' ? s.notRecorded : '';
  }

  private fail(action: string, error: unknown, message: string, conversationId?: string): void {
    this.error = message;
    this.emit('gc-screen-share-error', { action, conversationId, error });
  }

  private agentState(): void {
    if (this.effectiveMode !== 'agent') return;
    this.setState(this.captures.some((c) => c.stream) ? 'sharing' : this.requests.length || this.captures.length ? 'pending' : 'idle');
  }

  // ---- guest ----

  /** Guest: redeems `code` (or the typed one) unless already done, then shares a screen. */
  async share(code: string = this.code): Promise<void> {
    const s = strings().screen;
    const sdk = this.engine.sdk;
    if (this.busy) return; // already starting (the button is aria-disabled, so it stays focusable)
    this.error = '';
    this.stoppedNote = '';
    if (!sdk) { this.fail('share', new Error('no engine'), strings().connection.noEngine); return; }
    if (!sdk.isGuest) { this.fail('share', new SdkError(SdkErrorTypes.not_supported, s.guestOnly), s.guestOnly); return; }
    const securityCode = code.trim();
    if (!sdk.isInitialized && !securityCode) {
      const error = new SdkError(SdkErrorTypes.invalid_options, s.emptyCode);
      this.fail('share', error, s.emptyCode);
      this.emit('gc-sdk-error', error);
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      return;
    }
    if (typeof sdk.startScreenShare !== 'function') { this.fail('share', new SdkError(SdkErrorTypes.not_supported, s.notSupported), s.notSupported); return; }
    this.busy = true;
    this.setState('starting');
    try {
      if (!sdk.isInitialized) {
        try {
          await sdk.initialize({ securityCode });
        } finally {
          this.code = ''; // the code is single-use and secret: never kept in the DOM
        }
      }
      const stream = await sdk.startScreenShare();
      this.stopGuestTracks();
      this.guestStream = stream;
      for (const t of stream.getVideoTracks()) t.addEventListener('ended', this.onGuestTrackEnded);
      this.setState('sharing', this.guestSession?.conversationId);
    } catch (error) {
      const name = (error as Error)?.name;
      // InvalidStateError: the click's user activation expired before the picker could open
      const message = isBadCode(error) ? s.badCode
        : name === 'NotAllowedError' || name === 'AbortError' || name === 'InvalidStateError' ? s.pickerCancelled : describeError(error);
      this.fail('share', error, message);
      this.setState(sdk.isInitialized ? 'idle' : 'error');
    } finally {
      this.busy = false;
    }
  }

  /** Guest: stops sharing (ends the screen share session). */
  async stop(): Promise<void> {
    const sdk = this.engine.sdk;
    const session = this.guestSession;
    this.stopGuestTracks();
    this.guestSession = undefined;
    if (session && sdk?.endSession) {
      await sdk.endSession({ conversationId: session.conversationId, sessionType: session.sessionType }).catch((error: unknown) => this.fail('stop', error, describeError(error), session.conversationId));
    }
    this.stoppedNote = strings().screen.stopped;
    this.setState('idle');
  }

  private stopGuestTracks(): void {
    const stream = this.guestStream;
    this.guestStream = undefined;
    if (!stream) return;
    for (const t of stream.getTracks()) { t.removeEventListener('ended', this.onGuestTrackEnded); t.stop(); }
  }

  // ---- engine events ----

  private isCaptureType(type: string): boolean {
    return type === SCREEN_RECORDING || type === LIVE_MONITORING;
  }

  private myUserId(): string | undefined {
    return (this.engine.sdk as (GcSdk & { _personDetails?: { id?: string } }) | undefined)?._personDetails?.id;
  }

  /**
   * Live monitoring proposes to the target with `fromUserId` = the target (the engine proceeds
   * those itself) and to the observer with the target's id: so a session is ours to capture when
   * it is a recording, or monitoring of our own user; anything else we would only watch.
   */
  private isOurCapture(type: string, fromUserId: string | undefined): boolean {
    if (type === SCREEN_RECORDING) return true;
    return type === LIVE_MONITORING && Boolean(fromUserId) && fromUserId === this.myUserId();
  }

  private onPending(p: IPendingSession): void {
    const mode = this.effectiveMode;
    const type = String(p.sessionType);
    if (mode === 'agent' && this.isOurCapture(type, p.fromUserId)) {
      if (type === LIVE_MONITORING) return; // already proceeded by the engine: the screen is picked when it starts
      if (this.autoAccept) { void this.acceptRequest(p); return; }
      this.requests = [...this.requests.filter((r) => r.conversationId !== p.conversationId || r.sessionType !== p.sessionType), p];
      this.agentState();
    } else if (mode === 'observer' && type === LIVE_MONITORING && !this.isOurCapture(type, p.fromUserId)) {
      if (this.autoAccept) { void this.acceptRequest(p); return; }
      this.requests = [...this.requests.filter((r) => r.conversationId !== p.conversationId), p];
      this.setState('pending', p.conversationId);
    }
  }

  private dropRequest(e: ISessionIdAndConversationId): void {
    const before = this.requests.length;
    this.requests = this.requests.filter((r) => r.conversationId !== e.conversationId && r.sessionId !== e.sessionId);
    if (before !== this.requests.length) this.agentState();
  }

  /** Allow (agent) / Watch (observer): accept the pending session; an agent picks the screen now, on the click. */
  private async acceptRequest(p: IPendingSession): Promise<void> {
    const sdk = this.engine.sdk;
    if (!sdk?.acceptPendingSession) return;
    this.error = '';
    const type = String(p.sessionType);
    if (this.effectiveMode === 'agent' && !this.autoAccept) {
      const picking = this.captureScreens();
      picking.catch(() => undefined);
      this.preCaptured.set(`${p.conversationId}|${type}`, picking);
    }
    this.requests = this.requests.filter((r) => r !== p);
    try {
      await sdk.acceptPendingSession({ conversationId: p.conversationId, sessionType: p.sessionType });
    } catch (error) {
      this.fail('accept', error, describeError(error), p.conversationId);
    }
    this.agentState();
  }

  private async declineRequest(p: IPendingSession): Promise<void> {
    this.requests = this.requests.filter((r) => r !== p);
    try {
      await this.engine.sdk?.rejectPendingSession?.({ conversationId: p.conversationId, sessionType: p.sessionType });
    } catch (error) {
      this.fail('decline', error, describeError(error), p.conversationId);
    }
    this.agentState();
    if (this.effectiveMode === 'observer' && !this.watching) this.setState('idle');
  }

  private onSessionStarted(session: IExtendedMediaSession): void {
    const type = String(session.sessionType);
    const mode = this.effectiveMode;
    if (type === GUEST_SCREEN_SHARE && mode === 'guest') { this.guestSession = session; return; }
    if (mode === 'agent' && this.isOurCapture(type, session.fromUserId)) { void this.startCapture(session); return; }
    if (mode === 'observer' && type === LIVE_MONITORING && !this.isOurCapture(type, session.fromUserId)) void this.startWatching(session);
  }

  private onSessionEnded(session: IExtendedMediaSession): void {
    const type = String(session.sessionType);
    if (this.guestSession && session.id === this.guestSession.id) {
      this.stopGuestTracks();
      this.guestSession = undefined;
      this.stoppedNote = strings().screen.stopped;
      if (this.effectiveMode === 'guest') this.setState('idle');
      return;
    }
    if (this.isCaptureType(type) && this.effectiveMode === 'agent') {
      const ended = this.captures.filter((c) => c.session?.id === session.id || (!c.session && c.conversationId === session.conversationId && c.sessionType === type));
      for (const c of ended) c.stream?.getTracks().forEach((t) => t.stop());
      this.captures = this.captures.filter((c) => !ended.includes(c));
      this.agentState();
    }
    if (this.watching && session.id === this.watching.id) this.stopWatching();
  }

  // ---- agent: recording / monitoring of our screen ----

  /** Every screen the user picks (the browser asks once per screen; we ask for one). */
  private async captureScreens(): Promise<MediaStream> {
    const media = this.engine.sdk?.media;
    if (media?.startDisplayMedia) return media.startDisplayMedia();
    return navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  }

  private async startCapture(session: IExtendedMediaSession, picked?: Promise<MediaStream>): Promise<void> {
    const type = String(session.sessionType);
    const key = `${session.conversationId}|${type}`;
    let entry = this.captures.find((c) => c.session?.id === session.id);
    if (!entry) {
      entry = { conversationId: session.conversationId, sessionType: type, since: new Date(), session };
      this.captures = [...this.captures, entry];
    }
    this.agentState();
    const pending = picked ?? this.preCaptured.get(key) ?? this.captureScreens();
    this.preCaptured.delete(key);
    let stream: MediaStream;
    try {
      stream = await pending;
    } catch (error) {
      // without a click the browser may refuse to show its picker: ask for one
      this.captures = this.captures.map((c) => (c === entry ? { ...c, needsPick: true } : c));
      this.error = strings().screen.pickScreenNeeded;
      this.emit('gc-screen-share-error', { action: 'pick', conversationId: session.conversationId, error });
      this.agentState();
      return;
    }
    const sdk = this.engine.sdk;
    const metadata = screenMetadata(stream);
    const request: IGcAcceptSessionRequest = { conversationId: session.conversationId, sessionType: session.sessionType, mediaStream: stream };
    if (type === SCREEN_RECORDING) request.screenRecordingMetadatas = metadata;
    else request.liveScreenMonitoringMetadata = metadata;
    try {
      await sdk?.acceptSession?.(request as Parameters<NonNullable<GcSdk['acceptSession']>>[0]);
      this.error = '';
      this.captures = this.captures.map((c) => (c.session?.id === session.id ? { ...c, stream, needsPick: false } : c));
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      this.fail('accept', error, describeError(error), session.conversationId);
    }
    this.agentState();
  }

  // ---- observer ----

  private async startWatching(session: IExtendedMediaSession): Promise<void> {
    const sdk = this.engine.sdk;
    this.watching = session;
    this.watchSubs.clear();
    const recount = (): void => this.countScreens();
    this.watchSubs.on(session, 'incomingMedia', recount);
    this.watchSubs.on(session, 'peerTrackAdded', recount);
    this.watchSubs.on(session, 'peerTrackRemoved', recount);
    this.setState('watching', session.conversationId);
    const request: IGcAcceptSessionRequest = {
      conversationId: session.conversationId, sessionType: session.sessionType, liveMonitoringObserver: true,
      videoElements: this.observerVideos, videoElement: this.observerVideos[0],
    };
    try {
      await sdk?.acceptSession?.(request as Parameters<NonNullable<GcSdk['acceptSession']>>[0]);
    } catch (error) {
      this.fail('watch', error, describeError(error), session.conversationId);
    }
    this.countScreens();
  }

  /** A screen is shown once it has a picture: offered slots the target does not fill never get one. */
  private hasPicture(v: HTMLVideoElement): boolean {
    return Boolean(v.srcObject) && v.videoWidth > 0;
  }

  private countScreens(): void {
    this.screensShown = this.observerVideos.filter((v) => this.hasPicture(v)).length;
  }

  private stopWatching(): void {
    this.watchSubs.clear();
    this.watching = undefined;
    for (const v of this.observerVideos) v.srcObject = null;
    this.screensShown = 0;
    this.setState('idle');
  }

  /** Observer: ends the live monitoring session. */
  async endMonitoring(): Promise<void> {
    const session = this.watching;
    if (!session) return;
    try {
      await this.engine.sdk?.endSession?.({ conversationId: session.conversationId, sessionType: session.sessionType });
    } catch (error) {
      this.fail('end', error, describeError(error), session.conversationId);
    }
    if (this.watching === session) this.stopWatching();
  }

  // ---- rendering ----

  override render() {
    const s = strings().screen;
    const sdk = this.engine.sdk;
    const mode = this.effectiveMode;
    return html`<section class="base" part="base" aria-label=${s.label}>
      <header><h2>${s.label}</h2></header>
      ${!sdk ? html`<p class="note">${strings().connection.noEngine}</p>` : nothing}
      ${this.configError ? html`<div class="error" part="error" role="alert">${this.configError}</div>` : nothing}
      ${mode === 'guest' ? this.renderGuest() : mode === 'observer' ? this.renderObserver() : this.renderAgent()}
      ${this.error ? html`<div class="error" part="error" role="alert"><span>${this.error}</span>
        <button aria-label=${strings().errors.dismiss} @click=${() => { this.error = ''; }}>×</button></div>` : nothing}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderGuest() {
    const s = strings().screen;
    const sdk = this.engine.sdk;
    if (this.guestStream) {
      return html`<div class="sharing">
        <p part="status" role="status">${s.sharing(what(this.guestStream))}</p>
        <video part="preview" aria-label=${s.sharing(what(this.guestStream))} muted playsinline autoplay .muted=${true}
          .srcObject=${this.streams.of(this.guestStream.getVideoTracks()[0])}></video>
        <div class="row"><button class="danger" part="stop-button" @click=${() => void this.stop()}>${s.stop}</button></div>
      </div>`;
    }
    const initialized = Boolean(sdk?.isInitialized);
    return html`<form @submit=${(e: Event) => { e.preventDefault(); void this.share(); }}>
      ${initialized ? nothing : html`<div class="field">
        <label for="code">${s.securityCode}</label>
        <input id="code" part="code-input" autocomplete="one-time-code" inputmode="text" aria-describedby="code-help"
          spellcheck="false" .value=${this.code} @input=${(e: Event) => { this.code = (e.target as HTMLInputElement).value; }}>
        <p class="help" id="code-help">${s.codeHelp}</p>
      </div>`}
      <div class="row">
        <!-- aria-disabled while starting, not disabled: a disabled button would drop the keyboard focus -->
        <button type="submit" class="primary" part="share-button" ?disabled=${!sdk} aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? s.starting : initialized && this.stoppedNote ? s.shareAgain : s.share}</button>
      </div>
      <p class="note" part="status" role="status">${this.busy ? s.starting : this.stoppedNote}</p>
    </form>`;
  }

  private renderAgent() {
    const s = strings().screen;
    const live = this.captures;
    return html`
      ${this.requests.map((p) => html`<div class="prompt" part="prompt" role="group" aria-label=${s.sessionTypes[String(p.sessionType)] ?? String(p.sessionType)}>
        <strong>${String(p.sessionType) === SCREEN_RECORDING ? s.requestRecording : s.requestMonitoring}</strong>
        <div class="row">
          <button class="primary" part="accept-button" @click=${() => void this.acceptRequest(p)}>${s.accept}</button>
          <button part="decline-button" @click=${() => void this.declineRequest(p)}>${s.decline}</button>
        </div></div>`)}
      <div part="status" role="status" class="focus-anchor" tabindex="-1">
        ${live.length === 0 ? html`<p class="note">${s.notRecorded}</p>` : html`<ul>
          ${live.map((c) => html`<li class="indicator" part="indicator" data-session-type=${c.sessionType}>
            <span class="dot" aria-hidden="true"></span>
            <span><span class="what">${c.sessionType === SCREEN_RECORDING ? s.recorded : s.monitored}</span>
              (${s.sessionTypes[c.sessionType] ?? c.sessionType}),
              <time datetime=${c.since.toISOString()}>${s.since(c.since.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))}</time></span>
            ${c.needsPick && c.session ? html`<button part="pick-button" class="primary"
              @click=${() => void this.startCapture(c.session!, this.captureScreens())}>${s.pickScreen}</button>` : nothing}
          </li>`)}</ul>`}
      </div>`;
  }

  private renderObserver() {
    const s = strings().screen;
    const prompt = this.requests.map((p) => html`<div class="prompt" part="prompt" role="group" aria-label=${s.monitoringRequest}>
      <strong>${s.monitoringRequest}</strong>
      <div class="row">
        <button class="primary" part="accept-button" @click=${() => void this.acceptRequest(p)}>${s.watch}</button>
        <button part="decline-button" @click=${() => void this.declineRequest(p)}>${s.decline}</button>
      </div></div>`);
    if (!this.watching) return html`${prompt}<p class="note focus-anchor" part="status" role="status" tabindex="-1">${s.noMonitoring}</p>`;
    const who = s.agentScreen;
    return html`${prompt}
      <p part="status" role="status">${s.observing(who)}</p>
      <div class="screens" part="screens" data-count=${this.screensShown}>
        ${this.observerVideos.map((v, i) => {
          v.setAttribute('aria-label', s.screenN(i + 1));
          v.hidden = !this.hasPicture(v);
          return html`<figure ?hidden=${v.hidden}>${v}<figcaption>${s.screenN(i + 1)}</figcaption></figure>`;
        })}
      </div>
      <div class="row"><button class="danger" part="end-button" @click=${() => void this.endMonitoring()}>${s.endMonitoring}</button></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-screen-share': GcScreenShare;
  }
}
