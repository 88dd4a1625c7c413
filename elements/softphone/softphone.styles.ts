import { css } from 'lit';

export default css`
  :host { display: block; max-width: var(--gc-softphone-width, 28rem); }
  .base {
    border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
    padding: 1em; display: grid; gap: 1em;
  }
  header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.5em; flex-wrap: wrap; }
  h2, h3 { margin: 0; font-size: 1.05em; }
  h3 { margin-bottom: 0.4em; }
  .status { color: var(--_muted); font-size: 0.875em; display: inline-flex; align-items: center; gap: 0.4em; }
  .dot { width: 0.6em; height: 0.6em; border-radius: 50%; background: #9aa3b2; display: inline-block; }
  .dot[data-state='connected'] { background: var(--_success); }
  .dot[data-state='failed'], .dot[data-state='disconnected'] { background: var(--_danger); }
  .dot[data-state='connecting'], .dot[data-state='reconnecting'] { background: #d49b00; }
  form { display: grid; gap: 0.6em; }
  .number-row { display: flex; gap: 0.5em; }
  .number-row input { flex: 1; min-width: 0; font-size: 1.1em; }
  .pad { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.4em; }
  .pad button { font-size: 1.1em; min-height: 2.6em; display: grid; line-height: 1.1; }
  .pad small { font-size: 0.6em; color: var(--_muted); letter-spacing: 0.1em; }
  .incoming {
    border: 2px solid var(--_accent); border-radius: var(--_radius); padding: 0.75em; display: grid; gap: 0.5em;
    background: var(--gc-incoming-background, #eef4ff);
  }
  .incoming:empty { display: none; }
  .incoming .actions { display: flex; gap: 0.5em; }
  .incoming .actions button { flex: 1; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6em; }
  li.call { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.6em 0.75em; display: grid; gap: 0.4em; }
  li.call[data-state='connected'] { border-left: 4px solid var(--_success); }
  li.call[data-held] { border-left: 4px solid #d49b00; }
  .call-top { display: flex; justify-content: space-between; gap: 0.5em; align-items: baseline; }
  .who { font-weight: 600; overflow-wrap: anywhere; }
  .timer { font-variant-numeric: tabular-nums; color: var(--_muted); }
  .meta { display: flex; flex-wrap: wrap; gap: 0.3em 0.9em; font-size: 0.85em; color: var(--_muted); }
  .quality[data-level='good'] { color: var(--_success); }
  .quality[data-level='fair'] { color: #9a6b00; }
  .quality[data-level='poor'] { color: var(--_danger); }
  .call-actions { display: flex; gap: 0.4em; flex-wrap: wrap; }
  .empty { color: var(--_muted); margin: 0; }
  .mic { display: flex; align-items: center; gap: 0.5em; font-size: 0.85em; color: var(--_muted); }
  .line { font-size: 0.8em; color: var(--_muted); }
`;
