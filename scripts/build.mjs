// `npm run build`: rollup for the JavaScript, tsc for the declarations (dist/types/…),
// plus dist/index.d.ts and dist/elements.d.ts entry points that re-export them.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', 'rollup.config.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
writeFileSync('dist/index.d.ts', "export * from './types/src/index';\nexport { default } from './types/src/index';\n");
if (existsSync('elements/index.ts')) {
  writeFileSync('dist/elements.d.ts', "export * from './types/elements/index';\n");
  // custom-elements.json from the elements' JSDoc (@summary, @event, @csspart, @cssprop, @slot)
  run('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
}
// sizes of what a page downloads
for (const f of ['index.js', 'elements.js', 'gc-webrtc-sdk.bundle.js', 'gc-webrtc-sdk.headsets.js']) {
  if (!existsSync(`dist/${f}`)) continue;
  const buf = readFileSync(`dist/${f}`);
  console.log(`${f.padEnd(28)} ${(buf.length / 1024).toFixed(1).padStart(8)} KiB  ${(gzipSync(buf).length / 1024).toFixed(1).padStart(7)} KiB gzip`);
}
console.log('dist/ written');
