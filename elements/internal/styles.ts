import { css } from 'lit';

/** Shared base styles and design tokens of the gc-* elements. */
export const componentStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--gc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--gc-font-size, 0.9375rem);
    color: var(--gc-color-text, #1d2330);
    --_accent: var(--gc-color-accent, #1f5fbf);
    --_danger: var(--gc-color-danger, #b3261e);
    --_success: var(--gc-color-success, #1b7f3b);
    --_surface: var(--gc-color-surface, #ffffff);
    --_muted: var(--gc-color-muted, #5b6475);
    --_border: var(--gc-color-border, #c9cfda);
    --_radius: var(--gc-radius, 8px);
  }
  :host([hidden]), [hidden] { display: none !important; }
  *, *::before, *::after { box-sizing: inherit; }
  button {
    font: inherit; cursor: pointer; border-radius: var(--_radius); border: 1px solid var(--_border);
    background: var(--_surface); color: inherit; padding: 0.4em 0.9em; min-height: 2.25em;
  }
  button:hover:not(:disabled) { border-color: var(--_accent); }
  button:focus-visible, input:focus-visible, select:focus-visible {
    outline: 3px solid var(--gc-focus-ring, #7aa7f0); outline-offset: 1px;
  }
  button:disabled { cursor: not-allowed; opacity: 0.55; }
  button[aria-disabled='true'] { cursor: progress; opacity: 0.7; }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: #fff; }
  button.success { background: var(--_success); border-color: var(--_success); color: #fff; }
  button.danger { background: var(--_danger); border-color: var(--_danger); color: #fff; }
  button[aria-pressed='true'] { background: #e8eefb; border-color: var(--_accent); }
  input, select {
    font: inherit; color: inherit; background: var(--_surface); border: 1px solid var(--_border);
    border-radius: var(--_radius); padding: 0.4em 0.6em; min-height: 2.25em;
  }
  .error {
    color: var(--_danger); background: #fdecea; border: 1px solid #f3b8b3; border-radius: var(--_radius);
    padding: 0.5em 0.75em; display: flex; gap: 0.5em; align-items: start; justify-content: space-between;
  }
  .error button { padding: 0 0.5em; min-height: 1.75em; }
  .meter {
    display: inline-block; width: var(--gc-meter-width, 8em); height: 0.6em; border-radius: 0.3em;
    background: #e4e8ef; overflow: hidden; vertical-align: middle;
  }
  .meter > span { display: block; height: 100%; background: var(--gc-meter-color, var(--_success)); transition: width 90ms linear; }
  @media (prefers-reduced-motion: reduce) { .meter > span { transition: none; } }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
`;
