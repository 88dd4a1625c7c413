import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ISdkMediaState, IVideoResolution } from '../../src/types/media';
import { GcElement } from '../internal/gc-element';
import { EngineConsumer } from '../internal/engine-consumer';
import type { GcSdk } from '../internal/engine';
import { TrackLevelMeter } from '../internal/level-meter';
import { describeError } from '../internal/errors';
import { strings } from '../internal/strings';
import { componentStyles } from '../internal/styles';
import { StreamCache } from '../internal/media-streams';
import { VIDEO } from '../internal/media-api';
import styles from './device-select.styles';

type Kind = 'audioinput' | 'videoinput' | 'audiooutput';
const KEY: Record<Kind, 'audioDeviceId' | 'videoDeviceId' | 'outputDeviceId'> = {
  audioinput: 'audioDeviceId', videoinput: 'videoDeviceId', audiooutput: 'outputDeviceId',
};
/** Resolution choices (`''` = the engine default). */
const RESOLUTIONS: Array<{ value: string; label: string; resolution?: IVideoResolution }> = [
  { value: '', label: '' },
  { value: '640x360', label: '360p (640×360)', resolution: { width: 640, height: 360 } },
  { value: '1280x720', label: '720p (1280×720)', resolution: { width: 1280, height: 720 } },
  { value: '1920x1080', label: '1080p (1920×1080)', resolution: { width: 1920, height: 1080 } },
];
type MediaEmitter = { on(e: 'state', l: (s: ISdkMediaState) => void): unknown; off(e: 'state', l: (s: ISdkMediaState) => void): unknown };

/**
 * @summary Microphone, camera and speaker pickers bound to `sdk.media`: follows hot-plug, asks for
 * permission, plays a speaker test tone, shows a microphone level, and applies choices to the SDK
 * defaults and to calls in progress.
 *
 * @event {CustomEvent<{kind: MediaDeviceKind, deviceId: string | null, appliedToSessions: boolean}>} gc-device-change - The user picked a device (after it was applied).
 *
 * @csspart base - The fieldset around everything.
 * @csspart microphone-select - The microphone `<select>`.
 * @csspart camera-select - The camera `<select>`.
 * @csspart speaker-select - The speaker `<select>`.
 * @csspart permission-button - "Allow microphone/camera access" buttons.
 * @csspart test-tone-button - The speaker test button.
 * @csspart mic-test-button - The microphone test toggle.
 * @csspart meter - The microphone level meter.
 * @csspart resolution-select - The camera resolution `<select>`.
 * @csspart preview-button - The camera preview toggle.
 * @csspart camera-preview - The live camera preview `<video>` (mirrored).
 * @csspart error - The error message.
 *
 * @cssprop --gc-color-accent - Accent color (buttons, focus). Default #1f5fbf.
 * @cssprop --gc-color-surface - Background. Default #fff.
 * @cssprop --gc-color-border - Border color.
 * @cssprop --gc-color-text - Text color.
 * @cssprop --gc-radius - Corner radius.
 * @cssprop --gc-meter-color - Level meter fill.
 * @cssprop --gc-font-family - Font family.
 */
export class GcDeviceSelect extends GcElement {
  static override styles = [componentStyles, styles];

  /** An engine to use instead of the nearest `<gc-webrtc-sdk>`. */
  @property({ attribute: false }) sdk?: GcSdk;
  /** Id of the `<gc-webrtc-sdk>` whose engine to use. */
  @property() for?: string;
  /** Which pickers to show: space-separated `audioinput videoinput audiooutput`. */
  @property() kinds = 'audioinput audiooutput videoinput';

  @state() private mediaState: ISdkMediaState | undefined;
  @state() private selected: Record<Kind, string> = { audioinput: '', videoinput: '', audiooutput: '' };
  @state() private error = '';
  @state() private note = '';
  @state() private micLevel = 0;
  @state() private micTesting = false;
  @state() private resolution = '';
  @state() private previewTrack: MediaStreamTrack | undefined;
  @state() private previewing = false;

  private micTrack: MediaStreamTrack | undefined;
  private readonly streams = new StreamCache();
  private meter: TrackLevelMeter | undefined;
  private readonly onState = (s: ISdkMediaState): void => { this.mediaState = s; };
  private readonly engine = new EngineConsumer(this, {
    attach: (sdk) => {
      const media = sdk.media as unknown as MediaEmitter | undefined;
      if (!media) return;
      media.on('state', this.onState);
      this.mediaState = sdk.media?.getState();
      this.selected = this.configuredDevices(sdk);
      this.resolution = this.configuredResolution(sdk);
      void sdk.media?.enumerateDevices();
    },
    detach: (sdk) => {
      (sdk.media as unknown as MediaEmitter | undefined)?.off('state', this.onState);
      this.stopMicTest();
      this.stopPreview();
      this.mediaState = undefined;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopMicTest();
    this.stopPreview();
  }

  private configuredResolution(sdk: GcSdk): string {
    const r = (sdk as { _config?: { defaults?: { videoResolution?: IVideoResolution } } })._config?.defaults?.videoResolution;
    const value = r && typeof r.width === 'number' && typeof r.height === 'number' ? `${r.width}x${r.height}` : '';
    return RESOLUTIONS.some((o) => o.value === value) ? value : '';
  }

  /** The engine's configured default devices (`defaults.*DeviceId`; `''` = system default). */
  private configuredDevices(sdk: GcSdk): Record<Kind, string> {
    const defaults = (sdk as { _config?: { defaults?: Partial<Record<(typeof KEY)[Kind], string | null>> } })._config?.defaults;
    return {
      audioinput: defaults?.audioDeviceId ?? '',
      videoinput: defaults?.videoDeviceId ?? '',
      audiooutput: defaults?.outputDeviceId ?? '',
    };
  }

  private has(kind: Kind): boolean {
    return this.kinds.split(/\s+/).includes(kind);
  }

  private async apply(kind: Kind, deviceId: string): Promise<void> {
    this.selected = { ...this.selected, [kind]: deviceId };
    this.error = '';
    const sdk = this.engine.sdk;
    if (!sdk) return;
    const value = deviceId || null;
    let appliedToSessions = false;
    try {
      if (kind === 'videoinput' && typeof sdk.updateDefaultDevices === 'function') {
        // a camera change reaches video calls through updateOutgoingMedia, and only those sending video
        await sdk.updateDefaultDevices({ videoDeviceId: value, updateActiveSessions: false });
        appliedToSessions = await this.switchCameraInCalls(sdk, value);
        this.note = appliedToSessions ? strings().devices.appliedToVideo : '';
      } else if (typeof sdk.updateDefaultDevices === 'function') {
        await sdk.updateDefaultDevices({ [KEY[kind]]: value, updateActiveSessions: true });
        appliedToSessions = true;
        this.note = strings().devices.appliedToCalls;
      } else {
        this.note = strings().devices.notAppliedToCalls;
      }
    } catch (err) {
      this.error = describeError(err);
      return;
    }
    if (kind === 'audioinput' && this.micTesting) { this.stopMicTest(); void this.startMicTest(); }
    if (kind === 'videoinput' && this.previewing) void this.startPreview();
    this.emit('gc-device-change', { kind, deviceId: value, appliedToSessions });
  }

  /** `updateOutgoingMedia` on each video call whose camera is on; true if there was one. */
  private async switchCameraInCalls(sdk: GcSdk, deviceId: string | null): Promise<boolean> {
    const sessions = (sdk.getAllSessions?.() ?? []).filter((s) => s.sessionType === VIDEO && !s.videoMuted && s.state !== 'ended');
    if (!sessions.length || typeof sdk.updateOutgoingMedia !== 'function') return false;
    for (const session of sessions) {
      await sdk.updateOutgoingMedia({ session, videoDeviceId: deviceId ?? true });
    }
    return true;
  }

  private async applyResolution(value: string): Promise<void> {
    this.resolution = value;
    this.error = '';
    const sdk = this.engine.sdk;
    if (!sdk?.updateDefaultResolution) return;
    try {
      await sdk.updateDefaultResolution(RESOLUTIONS.find((o) => o.value === value)?.resolution, true);
    } catch (err) {
      this.error = describeError(err);
      return;
    }
    if (this.previewing) void this.startPreview();
  }

  /** A live preview of the chosen camera at the chosen resolution. */
  private async startPreview(): Promise<void> {
    const media = this.engine.sdk?.media;
    if (!media) return;
    this.error = '';
    this.releasePreviewTrack();
    this.previewing = true;
    try {
      const resolution = RESOLUTIONS.find((o) => o.value === this.resolution)?.resolution;
      const stream = await media.startMedia({ video: this.selected.videoinput || true, audio: false, ...(resolution ? { videoResolution: resolution } : {}) });
      const track = stream.getVideoTracks()[0];
      if (!this.previewing || !track) { stream.getTracks().forEach((t) => t.stop()); return; }
      this.releasePreviewTrack();
      this.previewTrack = track;
    } catch (err) {
      this.previewing = false;
      this.error = describeError(err);
    }
  }

  private releasePreviewTrack(): void {
    this.previewTrack?.stop();
    this.previewTrack = undefined;
  }

  private stopPreview(): void {
    this.previewing = false;
    this.releasePreviewTrack();
  }

  private async requestPermission(type: 'audio' | 'video'): Promise<void> {
    this.error = '';
    try {
      await this.engine.sdk?.media?.requestMediaPermissions(type);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  private async playTestTone(): Promise<void> {
    this.error = '';
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const dest = ctx.createMediaStreamDestination();
      osc.frequency.value = 440;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.8);
      osc.connect(gain).connect(dest);
      const audio = new Audio();
      audio.srcObject = dest.stream;
      const sinkId = this.selected.audiooutput;
      const withSink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
      if (sinkId && withSink.setSinkId) await withSink.setSinkId(sinkId);
      osc.start();
      await audio.play();
      osc.stop(ctx.currentTime + 0.8);
      setTimeout(() => { audio.srcObject = null; void ctx.close(); }, 1000);
    } catch (err) {
      this.error = describeError(err);
    }
  }

  private async startMicTest(): Promise<void> {
    const media = this.engine.sdk?.media;
    if (!media) return;
    this.error = '';
    this.micTesting = true;
    try {
      const stream = await media.startMedia({ audio: this.selected.audioinput || true, video: false });
      const track = stream.getAudioTracks()[0];
      if (!this.micTesting || !track) { stream.getTracks().forEach((t) => t.stop()); return; }
      this.micTrack = track;
      this.meter = new TrackLevelMeter(track, (level) => { this.micLevel = level; });
      this.meter.start();
    } catch (err) {
      this.micTesting = false;
      this.error = describeError(err);
    }
  }

  private stopMicTest(): void {
    this.micTesting = false;
    this.meter?.stop();
    this.meter = undefined;
    this.micTrack?.stop();
    this.micTrack = undefined;
    this.micLevel = 0;
  }

  private renderPicker(kind: Kind, label: string, devices: MediaDeviceInfo[], part: string, disabled = false) {
    const s = strings().devices;
    const id = `select-${kind}`;
    const listed = devices.filter((d) => d.deviceId && d.deviceId !== 'default');
    // a configured device that is not (yet) listed shows as the system default until it appears
    const value = listed.some((d) => d.deviceId === this.selected[kind]) ? this.selected[kind] : '';
    return html`<div class="row">
      <label for=${id}>${label}</label>
      <select id=${id} part=${part} .value=${value} ?disabled=${disabled || !this.engine.sdk}
        @change=${(e: Event) => { void this.apply(kind, (e.target as HTMLSelectElement).value); }}>
        <option value="" ?selected=${value === ''}>${s.systemDefault}</option>
        ${listed.map((d, i) => html`
          <option value=${d.deviceId} ?selected=${value === d.deviceId}>${d.label || s.unnamed(label, i + 1)}</option>`)}
      </select>
    </div>`;
  }

  override render() {
    const s = strings().devices;
    const st = this.mediaState;
    const sdk = this.engine.sdk;
    const mic = this.has('audioinput');
    const cam = this.has('videoinput');
    const out = this.has('audiooutput');
    return html`<fieldset part="base">
      <legend>${s.label}</legend>
      ${!sdk ? html`<p class="note">${strings().connection.noEngine}</p>` : nothing}
      ${mic ? html`
        ${this.renderPicker('audioinput', s.microphone, st?.audioDevices ?? [], 'microphone-select')}
        ${this.renderPermission(st?.hasMicPermissions, st?.micPermissionsRequested, 'audio', s.allowMic)}
        <div class="controls">
          <button part="mic-test-button" aria-pressed=${this.micTesting ? 'true' : 'false'} ?disabled=${!sdk?.media}
            @click=${() => (this.micTesting ? this.stopMicTest() : void this.startMicTest())}>${this.micTesting ? s.stopTestMic : s.testMic}</button>
          <span class="meter" part="meter" role="meter" aria-label=${s.micLevel} aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=${Math.round(this.micLevel * 100)}><span style="width:${Math.round(this.micLevel * 100)}%"></span></span>
        </div>` : nothing}
      ${cam ? html`
        ${this.renderPicker('videoinput', s.camera, st?.videoDevices ?? [], 'camera-select')}
        ${this.renderPermission(st?.hasCameraPermissions, st?.cameraPermissionsRequested, 'video', s.allowCamera)}
        <div class="row">
          <label for="select-resolution">${s.resolution}</label>
          <select id="select-resolution" part="resolution-select" .value=${this.resolution} ?disabled=${!sdk?.updateDefaultResolution}
            @change=${(e: Event) => { void this.applyResolution((e.target as HTMLSelectElement).value); }}>
            ${RESOLUTIONS.map((o) => html`<option value=${o.value} ?selected=${o.value === this.resolution}>${o.label || s.resolutionDefault}</option>`)}
          </select>
        </div>
        <div class="controls">
          <button part="preview-button" aria-pressed=${this.previewing ? 'true' : 'false'} ?disabled=${!sdk?.media}
            @click=${() => (this.previewing ? this.stopPreview() : void this.startPreview())}>${this.previewing ? s.stopPreview : s.previewCamera}</button>
        </div>
        ${this.previewing ? html`<video class="preview" part="camera-preview" aria-label=${s.cameraPreview} muted playsinline autoplay
          .muted=${true} .srcObject=${this.streams.of(this.previewTrack)}></video>` : nothing}` : nothing}
      ${out ? html`
        ${this.renderPicker('audiooutput', s.speaker, st?.outputDevices ?? [], 'speaker-select', st ? !st.hasOutputDeviceSupport : false)}
        ${st && !st.hasOutputDeviceSupport ? html`<p class="note">${s.noOutputSelection}</p>` : nothing}
        <div class="controls"><button part="test-tone-button" @click=${() => void this.playTestTone()}>${s.testSpeaker}</button></div>` : nothing}
      <p class="note" role="status">${this.note}</p>
      ${this.error ? html`<div class="error" part="error" role="alert">${this.error}</div>` : nothing}
    </fieldset>`;
  }

  private renderPermission(has: boolean | undefined, requested: boolean | undefined, type: 'audio' | 'video', label: string) {
    if (!this.engine.sdk?.media || has) return nothing;
    const s = strings().devices;
    return html`<div class="controls">
      ${requested ? html`<p class="note">${s.permissionDenied}</p>` : html`<p class="note">${s.permissionNeeded}</p>`}
      <button part="permission-button" class="primary" @click=${() => void this.requestPermission(type)}>${label}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-device-select': GcDeviceSelect;
  }
}
