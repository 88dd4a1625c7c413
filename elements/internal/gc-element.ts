import { LitElement } from 'lit';
import { VERSION } from '../../src/version';

/**
 * Base class of every gc-* element: guarded, version-aware registration and a typed
 * `emit()` for bubbling, composed `CustomEvent`s.
 */
export class GcElement extends LitElement {
  /** The package version of this copy of the elements. */
  static readonly version: string = VERSION;

  /**
   * Registers the element under `name` unless that name is taken. A second copy of the
   * library on the page (an app and a widget each bundling it) then only warns: it never
   * throws "already been defined" at the page.
   */
  static define(name: string, ctor: CustomElementConstructor = this): void {
    if (typeof customElements === 'undefined') return; // Node / SSR import: nothing to register
    const existing = customElements.get(name) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!existing) {
      customElements.define(name, ctor);
      return;
    }
    if (existing === ctor) return;
    const mine = (ctor as unknown as { version?: string }).version;
    // eslint-disable-next-line no-console -- registration happens before any SDK (and its logger) exists; a duplicate copy must be visible to the developer
    console.warn(`<${name}> is already defined${existing.version ? ` by gc-webrtc-sdk ${existing.version}` : ''}; this copy (${mine ?? 'unknown'}) is not registered. Load the elements once per page.`);
  }

  private readonly onStringsChange = (): void => { this.requestUpdate(); };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('gc-strings-change', this.onStringsChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('gc-strings-change', this.onStringsChange);
  }

  /** Dispatches a bubbling, composed `CustomEvent` and returns it. */
  emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): CustomEvent<T> {
    const event = new CustomEvent<T>(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail });
    this.dispatchEvent(event);
    return event;
  }
}
