// Builds dist/ (ARCHITECTURE §7):
//   dist/index.js, dist/elements.js  ES modules for bundlers; our CommonJS dependencies
//                                    (stanza, events, …) are bundled in so consumers
//                                    never need Node polyfills; lit stays a peer import.
//   dist/gc-webrtc-sdk.bundle.js     one self-contained script for a <script> tag.
import { existsSync } from 'node:fs';
import { transform } from 'esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

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

const plugins = () => [
  nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.ts', '.mjs', '.js', '.json'] }),
  commonjs(),
  typescript(),
];

const isLit = (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/');
const onwarn = (warning, warn) => {
  // stanza's CommonJS uses `this` at the top level and has circular imports; both are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

const libraryInput = { index: 'src/index.ts' };
if (existsSync('elements/index.ts')) libraryInput.elements = 'elements/index.ts';
const bundleInput = existsSync('src/bundle.ts') ? 'src/bundle.ts' : 'src/index.ts';

export default [
  {
    input: libraryInput,
    external: isLit,
    plugins: plugins(),
    onwarn,
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: bundleInput,
    plugins: plugins(),
    onwarn,
    output: {
      file: 'dist/gc-webrtc-sdk.bundle.js', format: 'iife', name: 'GenesysCloudWebrtcSdk',
      exports: 'named', inlineDynamicImports: true, sourcemap: true,
      plugins: [terser({ format: { comments: false } })],
    },
  },
];
