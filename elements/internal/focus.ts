import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Keeps keyboard focus inside an element when a render removes or disables the control that had
 * it (Join → the room's controls, Share screen → Stop sharing, Leave → Rejoin): focus moves to
 * `fallback()` instead of dropping to `<body>`, where a keyboard or screen-reader user would lose
 * their place. Focus that was elsewhere on the page is never taken.
 */
export class FocusKeeper implements ReactiveController {
  private focused: HTMLElement | null = null;

  constructor(private readonly host: Host, private readonly fallback: () => HTMLElement | null | undefined) {
    host.addController(this);
  }

  hostUpdate(): void {
    // before the render commits: what has focus inside the shadow root now
    this.focused = (this.host.shadowRoot?.activeElement as HTMLElement | null) ?? null;
  }

  hostUpdated(): void {
    const was = this.focused;
    this.focused = null;
    if (!was || !this.host.isConnected) return;
    // act only when the render dropped the focus (to <body>): never take it from elsewhere
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const active = root.activeElement;
    if (active && active !== this.host && active !== this.host.ownerDocument.body) return;
    const lost = !was.isConnected || (was as HTMLButtonElement).disabled === true || was.hidden || was.closest('[hidden]') !== null;
    if (!lost) {
      // still there but moved by the render (a keyed list reordering, e.g. a pinned tile going first):
      // moving a node drops its focus, so give it back
      if (this.host.shadowRoot?.activeElement !== was) was.focus();
      return;
    }
    const next = this.fallback();
    if (next && next !== was && next.isConnected) next.focus();
  }
}

/** The first of `selectors` in `root` that can take focus (present, not disabled, not hidden). */
export function firstFocusable(root: ParentNode | null | undefined, ...selectors: string[]): HTMLElement | undefined {
  for (const selector of selectors) {
    for (const el of root?.querySelectorAll<HTMLElement>(selector) ?? []) {
      if ((el as HTMLButtonElement).disabled || el.hidden || el.closest('[hidden]')) continue;
      return el;
    }
  }
  return undefined;
}

/**
 * Arrow keys in a `role="toolbar"` (WAI-ARIA toolbar pattern): Left/Right move between its
 * enabled buttons, Home/End go to the first/last. Every button also stays in the Tab order.
 */
export function toolbarKeys(e: KeyboardEvent): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(e.key)) return;
  const bar = e.currentTarget as HTMLElement;
  const buttons = [...bar.querySelectorAll<HTMLButtonElement>('button')].filter((b) => !b.disabled && !b.hidden);
  if (!buttons.length) return;
  const root = bar.getRootNode() as Document | ShadowRoot;
  const at = buttons.indexOf(root.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1
    : e.key === 'ArrowRight' ? (at + 1) % buttons.length : (at - 1 + buttons.length) % buttons.length;
  e.preventDefault();
  buttons[next]!.focus();
}
