import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sdkContext, type GcSdk } from './engine';

type Host = ReactiveControllerHost & HTMLElement & { sdk?: GcSdk; for?: string };

/** Something that provides an engine: `<gc-webrtc-sdk>` (found through `for="id"`). */
interface EngineProvider extends HTMLElement { sdk?: GcSdk }

/**
 * Finds the engine of a consumer element, in this order: its own `sdk` property, the
 * element named by its `for` attribute (an id in the same document or shadow root), the
 * nearest `<gc-webrtc-sdk>` ancestor (context). Calls `attach`/`detach` whenever the
 * resolved engine changes (a `<gc-webrtc-sdk>` re-creates its engine on config changes).
 */
export class EngineConsumer implements ReactiveController {
  private readonly context: ContextConsumer<typeof sdkContext, Host>;
  private current: GcSdk | undefined;
  private forTarget: EngineProvider | undefined;
  private readonly onProviderChange = (): void => { this.resolve(); };

  constructor(
    private readonly host: Host,
    private readonly callbacks: { attach(sdk: GcSdk): void; detach(sdk: GcSdk): void },
  ) {
    host.addController(this);
    this.context = new ContextConsumer(host, { context: sdkContext, subscribe: true, callback: () => this.resolve() });
  }

  /** The engine in use, if any. */
  get sdk(): GcSdk | undefined { return this.current; }

  hostConnected(): void { this.resolve(); }

  hostUpdate(): void { this.resolve(); }

  hostDisconnected(): void {
    this.watchFor(undefined);
    if (this.current) {
      const old = this.current;
      this.current = undefined;
      this.callbacks.detach(old);
    }
  }

  private findFor(): EngineProvider | undefined {
    const id = this.host.for;
    if (!id || !this.host.isConnected) return undefined;
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const el = (root.getElementById?.(id) ?? document.getElementById(id)) as EngineProvider | null;
    return el ?? undefined;
  }

  private watchFor(target: EngineProvider | undefined): void {
    if (this.forTarget === target) return;
    this.forTarget?.removeEventListener('gc-engine-change', this.onProviderChange);
    this.forTarget = target;
    target?.addEventListener('gc-engine-change', this.onProviderChange);
  }

  /** Re-resolves the engine now. */
  resolve(): void {
    if (!this.host.isConnected) return;
    const target = this.host.sdk ? undefined : this.findFor();
    this.watchFor(target);
    // an `sdk` property or a `for` target that is not an engine is ignored (the element stays usable)
    const next = asEngine(this.host.sdk) ?? asEngine(target?.sdk) ?? asEngine(this.context.value);
    if (next === this.current) return;
    const old = this.current;
    this.current = next;
    if (old) this.callbacks.detach(old);
    if (next) this.callbacks.attach(next);
    this.host.requestUpdate();
  }
}

/** Only something with the engine's event API is used as an engine. */
function asEngine(value: unknown): GcSdk | undefined {
  const v = value as { on?: unknown; off?: unknown } | null | undefined;
  return v && typeof v === 'object' && typeof v.on === 'function' && typeof v.off === 'function' ? (value as GcSdk) : undefined;
}
