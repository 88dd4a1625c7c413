// Bundled declarations: dist/index.d.ts, dist/elements.d.ts, dist/react.d.ts from tsc's
// dist/types/ (scripts/build.mjs runs tsc first). One file per entry plus shared chunks whose
// imports carry extensions, so consumers compile under moduleResolution bundler, node16 and
// nodenext without skipLibCheck (test/node/consumer-types.test.ts).
//
// The only packages the published types import are lit and react (peers a consumer has). Types
// of the libraries bundled into dist/ come from small stand-ins in build/dts-shims/, and lit-html
// (lit's own dependency, not ours) is reached through lit, which re-exports it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dts } from 'rollup-plugin-dts';

const input = { index: 'dist/types/src/index.d.ts' };
if (existsSync('dist/types/elements/index.d.ts')) input.elements = 'dist/types/elements/index.d.ts';
if (existsSync('dist/types/react/index.d.ts')) input.react = 'dist/types/react/index.d.ts';
// the script-tag bundle's API (window.GenesysCloudWebrtcSdk), referenced by gc-webrtc-sdk.bundle.d.ts
if (existsSync('dist/types/elements/bundle.d.ts')) input.bundle = 'dist/types/elements/bundle.d.ts';

const shims = ['stanza', 'genesys-cloud-client-logger'];
const ALLOWED = /^(lit|lit\/.*|@lit\/context|react)$/;

function publishedTypeImports() {
  return {
    name: 'published-type-imports',
    resolveId(source) {
      if (shims.includes(source)) return fileURLToPath(new URL(`./build/dts-shims/${source}.d.ts`, import.meta.url));
      if (source === 'lit-html' || source.startsWith('lit-html/')) return { id: 'lit', external: true };
      return null;
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        for (const imp of chunk.imports ?? []) {
          if (!(imp in bundle) && !ALLOWED.test(imp)) this.error(`published types import "${imp}" (${chunk.fileName}): add a shim in build/dts-shims/ or make it a dependency`);
        }
      }
    },
  };
}

export default {
  input,
  plugins: [publishedTypeImports(), dts()],
  output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
};
