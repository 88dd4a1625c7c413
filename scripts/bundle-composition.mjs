// Where the script-tag bundle's bytes come from, per package (esbuild, minified; same
// substitutions as the rollup build). `node scripts/bundle-composition.mjs`
// Per file instead: `node scripts/bundle-composition.mjs --files stanza` (input paths containing it).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { esbuildSlimAliases } from '../build/stanza-slim.mjs';

const result = await build({
  // esm + splitting like the rollup build: the lazy files (import()) are separate outputs
  entryPoints: ['elements/bundle.ts'], bundle: true, minify: true, format: 'esm', splitting: true, outdir: '.tmp/composition', platform: 'browser',
  write: false, metafile: true, logLevel: 'silent', plugins: [esbuildSlimAliases()],
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  external: ['softphone-vendor-headsets*'], // the lazily loaded headsets file
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
});
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
for (const [file, info] of outputs) {
  const bytes = result.outputFiles.find((o) => o.path.endsWith(file)).contents;
  console.log(`${info.entryPoint ? 'entry' : 'chunk'} ${file}: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip -9`);
}
// the composition of the entry (what the page loads first)
const [entryFile, output] = outputs.find(([, info]) => info.entryPoint);
const byPackage = {};
for (const [file, info] of Object.entries(output.inputs)) {
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file.split('/')[0];
  byPackage[pkg] = (byPackage[pkg] ?? 0) + info.bytesInOutput;
}
const bytes = result.outputFiles.find((o) => o.path.endsWith(entryFile)).contents;
console.log(`entry total: ${bytes.length} B minified, ${gzipSync(bytes, { level: 9 }).length} B gzip -9`);
const filter = process.argv.indexOf('--files');
if (filter > 0) {
  const part = process.argv[filter + 1] ?? '';
  for (const [file, info] of Object.entries(output.inputs).filter(([f]) => f.includes(part))
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 60)) {
    console.log(`${String(info.bytesInOutput).padStart(7)} ${file}`);
  }
  process.exit(0);
}
for (const [pkg, size] of Object.entries(byPackage).sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${pkg.padEnd(40)} ${size}`);
}
