// Bundle sizes: bytes as shipped and gzip level 9 (node:zlib), plus an esbuild re-minification
// of the ES build (which ships unminified for bundlers), next to the upstream 9.2.4 bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { transformSync } from 'esbuild';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const DIST = join(ROOT, 'dist');
const UPSTREAM = join(ROOT, 'node_modules/genesys-cloud-webrtc-sdk/dist/genesys-cloud-webrtc-sdk.bundle.min.js');

const gzip9 = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

/** Runs `node scripts/build.mjs` when dist/ lacks what the bench needs. */
export function ensureDist({ log = console.error, force = false } = {}) {
  const needed = ['index.js', 'gc-webrtc-sdk.bundle.js'].map((f) => join(DIST, f));
  if (!force && needed.every((f) => existsSync(f))) return { built: false };
  log('bench: dist/ is missing or incomplete: running `node scripts/build.mjs`…');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs failed (exit ${r.status})`);
  return { built: true };
}

/** Relative module specifiers a file imports statically and dynamically (string literals only). */
function importsOf(code) {
  const staticRe = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  const dynamicRe = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  return {
    static: [...code.matchAll(staticRe)].map((m) => m[1]),
    dynamic: [...code.matchAll(dynamicRe)].map((m) => m[1]),
  };
}

/**
 * The ES entry's static closure (what `import … from 'gc-webrtc-sdk'` loads up front) and the
 * lazily imported chunks (the headsets vendor library and its transports).
 */
function esGraph(entry) {
  const eager = new Set();
  const lazy = new Set();
  const visit = (file, into) => {
    if (eager.has(file) || (into === lazy && lazy.has(file))) return;
    into.add(file);
    const { static: st, dynamic } = importsOf(readFileSync(file, 'utf8'));
    for (const s of st) visit(resolve(dirname(file), s), into);
    for (const d of dynamic) {
      const f = resolve(dirname(file), d);
      if (!eager.has(f)) visit(f, lazy);
    }
  };
  visit(entry, eager);
  for (const f of eager) lazy.delete(f);
  return { eager: [...eager], lazy: [...lazy] };
}

function sizes(files, { minify = false } = {}) {
  let raw = 0; let gz = 0; let min = 0; let minGz = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    raw += buf.length; gz += gzip9(buf);
    if (minify) {
      const out = transformSync(buf.toString('utf8'), { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
      const mb = Buffer.from(out.code);
      min += mb.length; minGz += gzip9(mb);
    }
  }
  return minify ? { bytes: raw, gzip9: gz, minifiedBytes: min, minifiedGzip9: minGz } : { bytes: raw, gzip9: gz };
}

export async function runBundleSize({ log = console.error } = {}) {
  const build = ensureDist({ log });
  const rel = (f) => relative(ROOT, f);
  const result = { builtDist: build.built };

  const bundle = join(DIST, 'gc-webrtc-sdk.bundle.js');
  result.ours = {
    file: rel(bundle),
    ...sizes([bundle]),
    note: 'script-tag bundle (classic script): engine + softphone elements, minified by terser at build time; video/screen code, media elements, stats gatherer and headsets are lazy files',
  };
  const headsets = join(DIST, 'gc-webrtc-sdk.headsets.js');
  if (existsSync(headsets)) result.oursHeadsetsChunk = { file: rel(headsets), ...sizes([headsets]), note: 'fetched only when useHeadsets needs it' };
  // the script-tag bundle's other lazy files (ES modules loaded with import(), see docs/packaging.md)
  const lazyFiles = readdirSync(DIST).filter((f) => /^gc-webrtc-sdk\.[\w-]+\.js$/.test(f) && !['gc-webrtc-sdk.bundle.js', 'gc-webrtc-sdk.headsets.js'].includes(f)).sort();
  result.oursLazyFiles = Object.fromEntries(lazyFiles.map((f) => [f, sizes([join(DIST, f)])]));
  const lazyGzip = lazyFiles.reduce((n, f) => n + result.oursLazyFiles[f].gzip9, 0);
  result.oursAllFiles = {
    withoutHeadsetsGzip9: result.ours.gzip9 + lazyGzip,
    withHeadsetsGzip9: result.ours.gzip9 + lazyGzip + (result.oursHeadsetsChunk?.gzip9 ?? 0),
    note: 'main bundle + every lazy file (what a page using video, screens and telemetry ends up loading), without / with the headsets file',
  };

  const { eager, lazy } = esGraph(join(DIST, 'index.js'));
  result.oursEs = {
    files: eager.map(rel),
    ...sizes(eager, { minify: true }),
    note: 'engine-only ES build (dist/index.js + the chunks it imports statically); ships unminified for bundlers, minifiedBytes = esbuild --minify of the same files',
  };
  if (lazy.length) result.oursEsLazyChunks = { files: lazy.map(rel), ...sizes(lazy, { minify: true }), note: 'dynamically imported (headsets vendor library and its transports)' };
  const elements = join(DIST, 'elements.js');
  if (existsSync(elements)) result.oursElementsEs = { file: rel(elements), ...sizes([elements]), note: 'elements ES entry alone (lit external, engine chunk shared)' };

  if (existsSync(UPSTREAM)) {
    result.upstream = { file: rel(UPSTREAM), ...sizes([UPSTREAM]), note: 'published genesys-cloud-webrtc-sdk@9.2.4 .bundle.min.js (Jabra code bundled eagerly)' };
    result.ratio = {
      bundleBytes: Number((result.ours.bytes / result.upstream.bytes).toFixed(3)),
      bundleGzip9: Number((result.ours.gzip9 / result.upstream.gzip9).toFixed(3)),
      allFilesWithoutHeadsetsGzip9: Number((result.oursAllFiles.withoutHeadsetsGzip9 / result.upstream.gzip9).toFixed(3)),
      allFilesWithHeadsetsGzip9: Number((result.oursAllFiles.withHeadsetsGzip9 / result.upstream.gzip9).toFixed(3)),
      esMinifiedGzip9: Number((result.oursEs.minifiedGzip9 / result.upstream.gzip9).toFixed(3)),
    };
  } else {
    result.upstream = null;
  }
  result.lists = { eagerCount: eager.length, lazyCount: lazy.length, distFiles: readdirSync(DIST).length };
  return result;
}
