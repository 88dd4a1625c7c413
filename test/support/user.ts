// Acting as a user in browser tests: real mouse clicks and key presses through the test runner's
// browser driver (so the page gets a user gesture, as getDisplayMedia needs), and screenshots.
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';

/** Clicks the middle of `el` with the mouse (scrolled into view first). Works inside shadow roots. */
export async function click(el: Element): Promise<void> {
  // let pending renders settle so the element is where it will be when the mouse arrives
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) throw new Error(`cannot click an invisible element: ${el.outerHTML.slice(0, 120)}`);
  // inside an iframe (the script-tag bundle page): add the frames' offsets
  let x = r.left + r.width / 2;
  let y = r.top + r.height / 2;
  for (let frame = el.ownerDocument.defaultView?.frameElement; frame; frame = frame.ownerDocument.defaultView?.frameElement) {
    const fr = frame.getBoundingClientRect();
    x += fr.left + frame.clientLeft;
    y += fr.top + frame.clientTop;
  }
  await sendMouse({ type: 'click', position: [Math.round(x), Math.round(y)] });
}

/** Focuses `el` by clicking it and types `text`. */
export async function typeInto(el: HTMLElement, text: string): Promise<void> {
  await click(el);
  await sendKeys({ type: text });
}

/** Presses one key (`Enter`, `Tab`, `Space`, …) on whatever has focus. */
export async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/** Saves test-results/screenshots/<name>.png of the page. */
export async function screenshot(name: string): Promise<void> {
  await executeServerCommand('screenshot', { name });
}

/** The first element matching `selector` in `host`'s shadow root, or throws. */
export function $<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const el = host.shadowRoot?.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector} in <${host.localName}>`);
  return el;
}

/** A button in `host`'s shadow root by its accessible text (its aria-label or its text). */
export function button(host: Element, name: string | RegExp): HTMLButtonElement {
  const all = [...(host.shadowRoot?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  const found = all.find((b) => {
    const label = (b.getAttribute('aria-label') || b.textContent || '').trim();
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`no button "${String(name)}" in <${host.localName}>: ${all.map((b) => (b.getAttribute('aria-label') || b.textContent || '').trim()).join(' | ')}`);
  return found;
}
