import { css } from 'lit';

export default css`
  :host { display: block; max-width: var(--gc-screen-share-width, 40rem); }
  .base {
    border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
    padding: 1em; display: grid; gap: 0.8em;
  }
  header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.5em; flex-wrap: wrap; }
  h2 { margin: 0; font-size: 1.05em; }
  form { display: grid; gap: 0.5em; }
  .field { display: grid; gap: 0.25em; }
  .field label { font-weight: 500; }
  .field input { max-width: 16rem; letter-spacing: 0.08em; }
  .help, .note { color: var(--_muted); font-size: 0.875em; margin: 0; }
  .row { display: flex; gap: 0.5em; flex-wrap: wrap; align-items: center; }
  .indicator {
    display: flex; gap: 0.6em; align-items: center; padding: 0.5em 0.75em; border-radius: var(--_radius);
    background: var(--gc-recording-background, #fdecea); border: 1px solid var(--gc-recording-color, #b3261e);
  }
  .indicator .dot {
    width: 0.7em; height: 0.7em; border-radius: 50%; background: var(--gc-recording-color, #b3261e); flex: none;
    animation: pulse 1.6s ease-in-out infinite;
  }
  @media (prefers-reduced-motion: reduce) { .indicator .dot { animation: none; } }
  @keyframes pulse { 50% { opacity: 0.35; } }
  .indicator .what { font-weight: 600; }
  .prompt { border: 2px solid var(--_accent); border-radius: var(--_radius); padding: 0.75em; display: grid; gap: 0.5em; background: #eef4ff; }
  .screens { display: grid; gap: 0.5em; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
  .screens figure { margin: 0; display: grid; gap: 0.25em; }
  .screens video { width: 100%; background: #000; border-radius: var(--_radius); min-height: 8rem; }
  .screens figcaption { font-size: 0.85em; color: var(--_muted); }
  .sharing { display: grid; gap: 0.5em; }
  .sharing video { width: 100%; max-width: 20rem; border-radius: var(--_radius); background: #000; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.4em; }
`;
