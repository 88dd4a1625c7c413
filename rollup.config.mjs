// Builds dist/ (ARCHITECTURE §7):
//   dist/index.js, dist/elements.js  ES modules for bundlers; our CommonJS dependencies
//                                    (stanza, events, …) are bundled in so consumers
//                                    never need Node polyfills; lit stays a peer import.
//   dist/react.js                    React wrappers (@lit/react bundled; react is a peer import).
//   dist/gc-webrtc-sdk.bundle.js     one self-contained script for a <script> tag.
// Declarations: rollup.dts.config.mjs (after tsc), one bundled .d.ts per entry.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { rollupSlimAliases } from './build/stanza-slim.mjs';
import { scriptTagBundle } from './build/script-tag-bundle.mjs';

/** TypeScript through esbuild: type checking is tsc's job (npm run typecheck). */
function typescript() {
  return {
    name: 'esbuild-typescript',
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = await transform(code, {
        loader: 'ts', target: 'es2022', sourcemap: true, sourcefile: id,
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      return { code: out.code, map: out.map };
    },
  };
}

/**
 * Build-time constants: `process.env.NODE_ENV` becomes "production" so no Node global reaches dist/
 * (lit, rxjs and others test it).
 */
function defineEnv() {
  return {
    name: 'define-node-env',
    transform(code) {
      if (!code.includes('process.')) return null;
      // readable-stream's pipe() compares with process.stdout/stderr; in a browser there are none
      const out = code.replaceAll('process.env.NODE_ENV', '"production"')
        .replace(/\bprocess\.(stdout|stderr)\b/g, 'undefined');
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * For the IIFE bundle (no code splitting): the engine's lazy `import('softphone-vendor-headsets')`
 * becomes an import of dist/gc-webrtc-sdk.headsets.js, resolved relative to the bundle's own URL
 * (captured from document.currentScript while the script runs; see output.intro).
 */
function headsetsByUrl() {
  return {
    name: 'headsets-by-url',
    transform(code, id) {
      if (!code.includes('softphone-vendor-headsets') || id.includes('node_modules')) return null;
      // code only: lines that are comments, and `…`-quoted mentions in comments, stay as they are
      const out = code.split('\n').map((line) => (/^\s*(\/\/|\*|\/\*)/.test(line) ? line
        : line.replace(HEADSETS_IMPORT, "import(new URL('./gc-webrtc-sdk.headsets.js', __gcBundleBase).href)")));
      return { code: out.join('\n'), map: null };
    },
  };
}
const HEADSETS_IMPORT = /(?<!`)import\((['"])(softphone-vendor-headsets(?:\/[^'"]*)?)\1\)/g;
/** The module specifier the engine lazily imports (the package or a subpath of it). */
function headsetsSpecifier() {
  const file = 'src/headsets/load-vendor.ts';
  const code = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return [...code.matchAll(HEADSETS_IMPORT)][0]?.[2] ?? 'softphone-vendor-headsets';
}

/** A virtual entry re-exporting the headsets library for the separate bundle chunk. */
function headsetsEntry() {
  const id = '\0gc-headsets-entry';
  return {
    name: 'headsets-entry',
    resolveId(source) { return source === 'gc-headsets-entry' ? id : null; },
    load(source) {
      const spec = headsetsSpecifier();
      return source === id ? `export * from '${spec}';\nexport { default } from '${spec}';\n` : null;
    },
  };
}

// readable names in the minified builds: SdkError, the element classes and the engine keep their
// class names (stack traces, `instanceof` messages, devtools); everything else is mangled
const minify = { keep_classnames: /^(Sdk|Gc|GenesysCloud)/, format: { comments: false }, compress: { passes: 2 }, ecma: 2020 };

const plugins = () => [
  defineEnv(),
  // only the stanza parts the engine uses (and other build-time substitutes): docs/bundle-size.md
  rollupSlimAliases(),
  nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.ts', '.mjs', '.js', '.json'] }),
  commonjs(),
  typescript(),
];

// lit and React stay peer imports of the ES build (one copy per page); @lit/react is bundled
// (its types would otherwise pull @types/react into every install)
const isExternal = (id) => id === 'lit' || id.startsWith('lit/') || (id.startsWith('@lit/') && !id.startsWith('@lit/react'))
  || id === 'react' || id.startsWith('react/') || id === 'react-dom' || id.startsWith('react-dom/');
const onwarn = (warning, warn) => {
  // stanza's CommonJS uses `this` at the top level and has circular imports; both are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/**
 * dist/react.js imports the elements through dist/elements.js itself: that entry holds the
 * define() calls, and bundlers keep it because package.json lists it under "sideEffects" (a shared
 * chunk holding them would be dropped as side-effect free).
 */
const elementsDistId = fileURLToPath(new URL('./dist/elements.js', import.meta.url));
function reactUsesElementsEntry() {
  const elementsEntry = fileURLToPath(new URL('./elements/index.ts', import.meta.url));
  return {
    name: 'react-uses-elements-entry',
    async resolveId(source, importer) {
      if (!importer?.endsWith('/react/index.ts') || !source.startsWith('../elements/')) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved?.id === elementsEntry ? { id: elementsDistId, external: true } : null;
    },
  };
}

const libraryInput = { index: 'src/index.ts' };
if (existsSync('elements/index.ts')) libraryInput.elements = 'elements/index.ts';
if (existsSync('react/index.ts')) libraryInput.react = './react/index.ts';
const bundleInput = 'elements/bundle.ts';
/** the script-tag bundle's lazy files: dist/gc-webrtc-sdk.<name>.js, by rollup chunk name (its entry module) */
const LAZY_FILES = { 'lazy-handlers': 'sessions', 'lazy-elements': 'media-elements', 'stats-gatherer': 'stats', 'server-logger-chunk': 'logs' };

export default [
  {
    input: libraryInput,
    external: isExternal,
    plugins: [reactUsesElementsEntry(), ...plugins()],
    onwarn,
    output: {
      dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js',
      // no bare imports of transitive chunks: bundlers warn that a side-effect-free file is imported for effect
      hoistTransitiveImports: false,
      paths: { [elementsDistId]: './elements.js' },
    },
  },
  {
    // the script-tag entry (a classic script) and its lazily loaded ES chunks (build/script-tag-bundle.mjs)
    input: bundleInput,
    plugins: [headsetsByUrl(), ...plugins()],
    onwarn,
    // the lazy chunks' imports from the entry become extra (internal) exports of it, not a second chunk
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist', format: 'es', entryFileNames: 'gc-webrtc-sdk.bundle.js', sourcemap: true,
      chunkFileNames: (chunk) => `gc-webrtc-sdk.${LAZY_FILES[chunk.name] ?? chunk.name}.js`,
      hoistTransitiveImports: false,
      plugins: [scriptTagBundle({ name: 'GenesysCloudWebrtcSdk' }), terser(minify)],
    },
  },
  {
    // the headsets library for the script-tag bundle, fetched only when useHeadsets needs it
    input: 'gc-headsets-entry',
    plugins: [headsetsEntry(), ...plugins()],
    onwarn,
    output: {
      file: 'dist/gc-webrtc-sdk.headsets.js', format: 'es', sourcemap: true, inlineDynamicImports: true,
      plugins: [terser({ format: { comments: false } })],
    },
  },
];
