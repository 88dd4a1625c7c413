import { css } from 'lit';

export default css`
  :host { display: block; }
  fieldset {
    border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.75em 1em 1em;
    background: var(--_surface); display: grid; gap: 0.75em; margin: 0;
  }
  legend { font-weight: 600; padding: 0 0.25em; }
  .row { display: grid; gap: 0.3em; }
  .row label { font-weight: 500; }
  .controls { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
  select { width: 100%; }
  .preview { width: 100%; max-width: 20rem; aspect-ratio: 4 / 3; background: #000; border-radius: var(--_radius); transform: scaleX(-1); }
  .note { color: var(--_muted); font-size: 0.875em; margin: 0; }
`;
