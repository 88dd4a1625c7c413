/**
 * Our RTCPeerConnection wrapper for a cloud-offered session (both signaling flavours).
 * The cloud offers; `applyOffer` sets it, `accept` answers. Local candidates are held until the
 * answer is on the wire (queued right behind it), remote ones until the offer is applied. `end`/`onRemoteTerminate` release
 * everything (pc, stats poller, listeners, media) and emit `terminated` exactly once.
 */
import type StatsGatherer from 'webrtc-stats-gatherer';
import { loadStatsGatherer, statsGathererIfLoaded, type StatsGathererClass } from './stats-loader';
import type { ILogger } from '../types/logger';
import type {
  IExtendedMediaSession, JingleInfo, JingleReason, JingleReasonCondition, SessionConnectionState, SessionEvents, SessionState, SessionTypes,
} from '../types/sessions';
import type { IConversationParticipantFromEvent } from '../types/sessions';
import { typedEmitter } from '../utils/typed-emitter';
import type { SessionSignaling } from './signaling';

export interface MediaSessionOptions {
  id: string;
  peerID: string;
  conversationId: string;
  sessionType: SessionTypes;
  signaling: SessionSignaling;
  iceConfiguration?: RTCConfiguration;
  logger: ILogger;
  fromUserId?: string;
  originalRoomJid?: string;
  /** no stats gatherer when telemetry is off */
  gatherStats: boolean;
  /** a peer connection created earlier (at the proceed) with `peerConnectionConfig(iceConfiguration)` */
  pc?: RTCPeerConnection;
}

/** The configuration of every session peer connection. */
export function peerConnectionConfig(iceConfiguration?: RTCConfiguration): RTCConfiguration {
  return { ...(iceConfiguration ?? {}), bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
}

/** Legal session state moves; anything else is ignored (and logged). */
const STATE_TRANSITIONS: Record<SessionState, SessionState[]> = {
  starting: ['pending', 'active', 'ended'],
  pending: ['active', 'ended'],
  active: ['ended'],
  ended: [],
};

export class GenesysMediaSession extends typedEmitter<SessionEvents>() implements IExtendedMediaSession {
  readonly id: string;
  readonly peerID: string;
  conversationId: string;
  sessionType: SessionTypes;
  readonly pc: RTCPeerConnection;
  readonly originalRoomJid: string;
  fromUserId?: string;
  audioMuted?: boolean;
  videoMuted?: boolean;
  pcParticipant?: IConversationParticipantFromEvent;
  /** @internal the stream we send (stopped on end unless it is the SDK default stream) */
  _outboundStream?: MediaStream;
  /** @internal the microphone stream behind a processed `_outboundStream` (audio processor) */
  _rawOutboundStream?: MediaStream;
  /** @internal where inbound audio plays */
  _outputAudioElement?: HTMLAudioElement;
  /** @internal the element was created by the SDK (removed on end) */
  _createdAudioElement = false;
  /** @internal accept() was called */
  _alreadyAccepted = false;
  /** @internal video: SDK-created elements playing the remote audio slots beyond the first */
  _extraAudioElements?: HTMLAudioElement[];

  private _state: SessionState = 'starting';
  private _connectionState: SessionConnectionState = 'starting';
  private readonly signaling: SessionSignaling;
  private readonly logger: ILogger;
  private readonly pendingRemoteCandidates: RTCIceCandidateInit[] = [];
  private pendingLocalCandidates: Array<RTCIceCandidate | null> | undefined = [];
  private stats: StatsGatherer | undefined;
  private sentActive = false;
  private terminatedReason: JingleReason | undefined;
  private readonly cleanups: Array<() => void> = [];

  constructor(opts: MediaSessionOptions) {
    super();
    this.id = opts.id;
    this.peerID = opts.peerID;
    this.conversationId = opts.conversationId;
    this.sessionType = opts.sessionType;
    this.signaling = opts.signaling;
    this.logger = opts.logger;
    this.fromUserId = opts.fromUserId;
    this.originalRoomJid = opts.originalRoomJid ?? opts.peerID;
    this.pc = opts.pc ?? new RTCPeerConnection(peerConnectionConfig(opts.iceConfiguration));
    this.listen(this.pc, 'icecandidate', (e) => this.onLocalCandidate((e as RTCPeerConnectionIceEvent).candidate));
    this.listen(this.pc, 'iceconnectionstatechange', () => this.onIceState());
    this.listen(this.pc, 'connectionstatechange', () => this.onPcState());
    this.listen(this.pc, 'track', (e) => this.onTrack(e as RTCTrackEvent));
    this.listen(this.pc, 'negotiationneeded', () => {
      // the cloud always offers; we never renegotiate
      if (this.pc.signalingState === 'stable' && this.pc.remoteDescription) this.logger.debug('negotiationneeded ignored', { sessionId: this.id });
    });
    if (opts.gatherStats) {
      const Gatherer = statsGathererIfLoaded();
      if (Gatherer) this.startStats(Gatherer);
      else {
        loadStatsGatherer().then((G) => { if (!this.ended) this.startStats(G); }, (err: unknown) => {
          this.logger.warn('the stats gatherer could not be loaded: no stats for this session', { sessionId: this.id, error: String(err) });
        });
      }
    }
  }

  /** alias of `id` */
  get sid(): string { return this.id; }
  /** alias of `pc` */
  get peerConnection(): RTCPeerConnection { return this.pc; }
  get state(): SessionState { return this._state; }
  get connectionState(): SessionConnectionState { return this._connectionState; }
  get active(): boolean { return this._state === 'active'; }
  get signalingFlavour(): SessionSignaling['flavour'] { return this.signaling.flavour; }
  get ended(): boolean { return this._state === 'ended'; }
  /** the reason once terminated */
  get endReason(): JingleReason | undefined { return this.terminatedReason; }

  /** @internal */
  override _onListenerError(event: string | symbol, error: unknown): void {
    this.logger.error(`A session listener for "${String(event)}" threw`, { sessionId: this.id, error: String(error) });
  }

  private listen(target: EventTarget, type: string, handler: (e: Event) => void): void {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  private setState(next: SessionState): void {
    if (next === this._state) return;
    if (!STATE_TRANSITIONS[this._state].includes(next)) {
      this.logger.warn(`session ${this.id}: ignored illegal transition ${this._state} -> ${next}`);
      return;
    }
    this._state = next;
    this.emit('sessionState', next);
  }

  private setConnectionState(next: SessionConnectionState): void {
    if (next === this._connectionState || this.ended) return;
    this._connectionState = next;
    this.emit('connectionState', next);
  }

  /** Applies the cloud's offer (session-initiate / JSON-RPC offer), then any early candidates. */
  async applyOffer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    this.setState('pending');
    const early = this.pendingRemoteCandidates.splice(0);
    for (const c of early) await this.addRemoteCandidate(c);
  }

  /** A remote candidate; `candidate: ''` means end-of-candidates. Buffered until the offer is set. */
  async addRemoteCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.ended) return;
    if (!this.pc.remoteDescription) {
      this.pendingRemoteCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      this.logger.warn('could not add a remote ICE candidate', { sessionId: this.id, error: String(err) });
    }
  }

  /** Adds `stream`'s tracks (those not yet sent). */
  addMedia(stream: MediaStream): void {
    const sent = new Set(this.pc.getSenders().map((s) => s.track).filter(Boolean));
    for (const track of stream.getTracks()) {
      if (sent.has(track)) continue;
      // addTrack reuses the first offered transceiver of that kind that has no track and never
      // sent (so the answer stays sendrecv), one track each, synchronously. replaceTrack would be
      // queued on the pc's operations chain, in front of createAnswer (a few ms per call).
      const transceiver = this.pc.getTransceivers().find((t) => !t.sender.track && t.receiver.track.kind === track.kind && t.currentDirection !== 'stopped');
      this.pc.addTrack(track, stream);
      if (transceiver?.sender.track === track && transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
    }
  }

  /** Answers the offer; local candidates flow only after the answer (right behind it, not after its result). */
  async accept(): Promise<void> {
    if (this.ended) throw new Error('session already ended');
    if (this._alreadyAccepted) return;
    this._alreadyAccepted = true;
    const answer = await this.pc.createAnswer();
    // setLocalDescription before the answer goes out: sending it first (with setLocalDescription
    // running) gained 4 ms of SDK time but the emulator then applied it later and ICE/DTLS finished
    // later on this 2-core machine (bench A/B in docs/bench.md, 2026-12-01 perf-calls)
    await this.pc.setLocalDescription(answer);
    this.setState('active');
    // The answer IQ is queued on the XMPP stream first (sendIQ writes synchronously, in order); our
    // candidates follow it on the same ordered stream at once instead of a round trip later, when
    // its result arrives: the cloud still never sees a candidate before the answer (protocol §4).
    const answered = this.signaling.sendAnswer(this.pc.localDescription?.sdp ?? answer.sdp ?? '');
    const queued = this.pendingLocalCandidates ?? [];
    this.pendingLocalCandidates = undefined;
    for (const c of queued) this.sendLocalCandidate(c);
    await answered;
  }

  private onLocalCandidate(candidate: RTCIceCandidate | null): void {
    if (this.ended) return;
    // like the real client: no TCP candidates, no IPv6 host candidates (streaming-protocol §5)
    if (candidate?.candidate && (candidate.protocol === 'tcp' || (candidate.type === 'host' && (candidate.address ?? '').includes(':')))) return;
    if (this.pendingLocalCandidates) {
      this.pendingLocalCandidates.push(candidate);
      return;
    }
    this.sendLocalCandidate(candidate);
  }

  private sendLocalCandidate(candidate: RTCIceCandidate | null): void {
    if (this.ended) return;
    const localSdp = this.pc.localDescription?.sdp;
    if (!candidate || !candidate.candidate) {
      this.emit('endOfCandidates');
      void this.signaling.sendEndOfCandidates(localSdp).catch((err) => this.logger.warn('end-of-candidates not acknowledged', { sessionId: this.id, error: String(err) }));
      return;
    }
    void this.signaling.sendCandidate(candidate, localSdp).catch((err) => this.logger.warn('candidate not acknowledged', { sessionId: this.id, error: String(err) }));
  }

  private onIceState(): void {
    const s = this.pc.iceConnectionState;
    if (s === 'checking') this.setConnectionState('connecting');
    else if (s === 'connected' || s === 'completed') {
      this.setConnectionState('connected');
      if (!this.sentActive) {
        this.sentActive = true;
        void this.signaling.sendActive().catch((err) => this.logger.warn('session-info active not acknowledged', { sessionId: this.id, error: String(err) }));
        void this.reportIceConnectionType();
      }
    } else if (s === 'disconnected') this.setConnectionState('interrupted');
    else if (s === 'failed') this.setConnectionState('failed');
  }

  private onPcState(): void {
    if (this.pc.connectionState === 'failed') this.setConnectionState('failed');
  }

  private async reportIceConnectionType(): Promise<void> {
    try {
      const report = await this.pc.getStats();
      let pair: RTCIceCandidatePairStats | undefined;
      report.forEach((s: { type: string; selected?: boolean; nominated?: boolean; state?: string }) => {
        if (s.type === 'transport') {
          const t = s as unknown as { selectedCandidatePairId?: string };
          if (t.selectedCandidatePairId) pair = report.get(t.selectedCandidatePairId) as RTCIceCandidatePairStats;
        }
      });
      if (!pair || this.ended) return;
      const local = report.get(pair.localCandidateId) as { candidateType?: string } | undefined;
      const remote = report.get(pair.remoteCandidateId) as { candidateType?: string } | undefined;
      const localCandidateType = local?.candidateType ?? 'unknown';
      const remoteCandidateType = remote?.candidateType ?? 'unknown';
      this.emit('iceConnectionType', { localCandidateType, remoteCandidateType, relayed: localCandidateType === 'relay' || remoteCandidateType === 'relay' });
    } catch (err) {
      this.logger.debug('could not read the selected candidate pair', { error: String(err) });
    }
  }

  private onTrack(e: RTCTrackEvent): void {
    const stream = e.streams[0];
    const track = e.track;
    const onEnded = (): void => { if (!this.ended) this.emit('peerTrackRemoved', track, stream); };
    this.listen(track, 'ended', onEnded);
    if (stream) {
      this.listen(stream, 'removetrack', (ev) => { if ((ev as MediaStreamTrackEvent).track === track) onEnded(); });
    }
    this.emit('peerTrackAdded', track, stream);
  }

  /** Remote session-info mute/unmute (Jingle) or JSON-RPC mute/unmute. */
  onRemoteInfo(kind: 'mute' | 'unmute', info: JingleInfo): void {
    if (this.ended) return;
    this.emit(kind, info);
  }

  /** Video: tells the cloud our audio/video mute state (Jingle session-info / JSON-RPC). */
  sendMute(kind: 'audio' | 'video', mute: boolean, userId: string): Promise<void> {
    return this.signaling.sendMute(kind, mute, userId);
  }

  /** Video: tells the cloud our screen share inside the call started or stopped. */
  sendScreenShare(started: boolean): Promise<void> {
    return this.signaling.sendScreenShare(started);
  }

  /** Ends the session from our side: sends terminate (bounded), then releases. */
  async end(reason: JingleReasonCondition = 'success', silent = false): Promise<void> {
    if (this.ended) return;
    const release = this.release({ condition: reason });
    if (!silent) {
      // the bound's timer is cleared once the terminate is acknowledged: a pending timer would keep
      // this session reachable for 2 s after every call (bench leak scenario, pending timers)
      let bound: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.signaling.sendTerminate(reason).catch((err) => this.logger.warn('terminate not acknowledged', { sessionId: this.id, error: String(err) })),
        new Promise((r) => { bound = setTimeout(r, 2000); }),
      ]);
      clearTimeout(bound);
    }
    return release;
  }

  /** The cloud terminated the session. */
  onRemoteTerminate(reason: JingleReason): void {
    void this.release(reason);
  }

  private async release(reason: JingleReason): Promise<void> {
    if (this.terminatedReason) return;
    this.terminatedReason = reason;
    this.pendingLocalCandidates = undefined;
    this.pendingRemoteCandidates.length = 0;
    for (const cleanup of this.cleanups.splice(0)) {
      try { cleanup(); } catch { /* a detached target */ }
    }
    this.stopStats();
    for (const receiver of this.pc.getReceivers()) receiver.track?.stop();
    try { this.pc.close(); } catch { /* already closed */ }
    if (this._connectionState !== 'failed') this._connectionState = 'disconnected';
    this.setState('ended');
    this.emit('terminated', reason);
  }

  private startStats(Gatherer: StatsGathererClass): void {
    this.stats = new Gatherer(this.pc, { session: this.id, conference: this.conversationId, logger: this.logger });
    this.stats.on('stats', (s: unknown) => this.emit('stats', s));
  }

  private stopStats(): void {
    const stats = this.stats;
    this.stats = undefined;
    if (!stats) return;
    stats.removeAllListeners();
    // the gatherer has no dispose(); its poller stops itself on a closed pc, stop it now instead
    const s = stats as unknown as { pollingInterval?: number | null };
    if (s.pollingInterval) { window.clearInterval(s.pollingInterval); s.pollingInterval = null; }
  }
}
