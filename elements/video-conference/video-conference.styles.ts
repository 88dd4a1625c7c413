import { css } from 'lit';

export default css`
  :host { display: block; --_tile-min: var(--gc-tile-min-width, 14rem); --_tile-bg: var(--gc-tile-background, #1d2330); }
  .base {
    border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface);
    padding: 1em; display: grid; gap: 0.9em;
  }
  header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.5em; flex-wrap: wrap; }
  h2 { margin: 0; font-size: 1.05em; }
  .status { color: var(--_muted); font-size: 0.875em; }
  .lobby { display: grid; gap: 0.6em; justify-items: start; }
  .lobby p { margin: 0; }
  .stage { display: grid; gap: 0.6em; grid-template-columns: minmax(0, 1fr) var(--gc-self-view-width, 12rem); align-items: start; }
  @media (max-width: 40rem) { .stage { grid-template-columns: 1fr; } }
  .tiles { display: grid; gap: 0.5em; grid-template-columns: repeat(auto-fit, minmax(var(--_tile-min), 1fr)); align-content: start; }
  .tiles[data-layout='speaker'] { grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); }
  .tiles[data-layout='speaker'] .tile[data-featured] { grid-column: 1 / -1; }
  .tiles[data-layout='speaker'] .tile:not([data-featured]) { font-size: 0.85em; }
  .tile[data-screen] { grid-column: 1 / -1; }
  .tile {
    position: relative; aspect-ratio: 16 / 9; border-radius: var(--_radius); overflow: hidden; background: var(--_tile-bg);
    color: #fff; cursor: pointer; border: 3px solid transparent; outline-offset: 2px;
  }
  .tile[data-screen] { aspect-ratio: auto; min-height: 16rem; }
  .tile:focus-visible { outline: 3px solid var(--gc-focus-ring, #7aa7f0); }
  .tile[data-speaking] { border-color: var(--gc-speaker-color, #35c46a); }
  .tile[aria-pressed='true'] { border-color: var(--_accent); }
  .tile video { width: 100%; height: 100%; object-fit: cover; display: block; background: #000; }
  .tile[data-screen] video { object-fit: contain; max-height: 70vh; }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; font-size: 2.2em; font-weight: 600; }
  .placeholder[data-initials]::before { content: attr(data-initials); }
  .label {
    position: absolute; left: 0.4em; bottom: 0.4em; right: 0.4em; display: flex; gap: 0.4em; align-items: center;
    font-size: 0.85em; pointer-events: none;
  }
  .label > span { background: rgba(0, 0, 0, 0.65); padding: 0.15em 0.5em; border-radius: 0.4em; }
  .indicator { font-weight: 600; display: inline-flex; align-items: center; }
  .indicator svg { display: block; }
  .indicator[data-kind='mic'] { background: var(--_danger) !important; }
  .self { display: grid; gap: 0.3em; }
  .self .frame { position: relative; aspect-ratio: 4 / 3; border-radius: var(--_radius); overflow: hidden; background: var(--_tile-bg); color: #fff; }
  .self video { width: 100%; height: 100%; object-fit: cover; display: block; }
  .self video[data-mirrored] { transform: scaleX(-1); }
  .self .caption { font-size: 0.85em; color: var(--_muted); }
  .empty { color: var(--_muted); margin: 0; padding: 1em; border: 1px dashed var(--_border); border-radius: var(--_radius); }
  .controls { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
  .controls .spacer { flex: 1; }
  .controls button[part~='mic-button'][aria-pressed='false'], .controls button[part~='camera-button'][aria-pressed='false'] {
    background: #fdecea; border-color: #f3b8b3;
  }
  .panel { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.6em 0.8em; }
  .panel h3 { margin: 0 0 0.4em; font-size: 1em; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.3em; }
  li { display: flex; gap: 0.6em; flex-wrap: wrap; align-items: baseline; }
  li .who { font-weight: 600; }
  li .meta { color: var(--_muted); font-size: 0.85em; }
  .layout { display: inline-flex; gap: 0.25em; align-items: center; }
  .fallback video { width: 100%; border-radius: var(--_radius); background: #000; }
  .error .actions { display: flex; gap: 0.4em; flex-wrap: wrap; }
  .error { flex-wrap: wrap; }
`;
