// `npm run build`: rollup for the JavaScript, tsc for the declarations (dist/types/…),
// plus dist/index.d.ts and dist/elements.d.ts entry points that re-export them.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync, existsSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync('dist', { recursive: true, force: true });
run('npx', ['rollup', '-c', 'rollup.config.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
writeFileSync('dist/index.d.ts', "export * from './types/src/index';\nexport { default } from './types/src/index';\n");
if (existsSync('elements/index.ts')) writeFileSync('dist/elements.d.ts', "export * from './types/elements/index';\n");
console.log('dist/ written');
