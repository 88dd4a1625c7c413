// `npm run build`: rollup for the JavaScript, tsc for the declarations (dist/types/…, removed
// afterwards), bundled by rollup-plugin-dts into dist/index.d.ts, dist/elements.d.ts, dist/react.d.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', 'rollup.config.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['rollup', '-c', 'rollup.dts.config.mjs', '--silent']);
rmSync('dist/types', { recursive: true, force: true });
// hand-written declarations of the two non-module files (the IIFE bundle and its lazy headsets file)
for (const f of ['gc-webrtc-sdk.bundle.d.ts', 'gc-webrtc-sdk.headsets.d.ts']) copyFileSync(`build/${f}`, `dist/${f}`);
if (existsSync('elements/index.ts')) {
  // custom-elements.json from the elements' JSDoc (@summary, @event, @csspart, @cssprop, @slot)
  run('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
}
// sizes of what a page downloads
for (const f of ['index.js', 'elements.js', 'react.js', 'gc-webrtc-sdk.bundle.js', 'gc-webrtc-sdk.headsets.js']) {
  if (!existsSync(`dist/${f}`)) continue;
  const buf = readFileSync(`dist/${f}`);
  console.log(`${f.padEnd(28)} ${(buf.length / 1024).toFixed(1).padStart(8)} KiB  ${(gzipSync(buf).length / 1024).toFixed(1).padStart(7)} KiB gzip`);
}
console.log('dist/ written');
