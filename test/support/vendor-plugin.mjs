// Serves CommonJS-only dependencies (stanza, events, webrtc-stats-gatherer, …) to the
// unbundled @web/dev-server as pre-bundled ES modules. The dev server's per-file CJS
// transform breaks stanza (see research/feasibility.md §4.2), so each bare import of a
// vendored package is redirected to /__vendor/<specifier>.js, built once by esbuild.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { esbuildSlimAliases } from '../../build/stanza-slim.mjs';

const require = createRequire(import.meta.url);

/** Packages that are served pre-bundled. lit and @lit/context stay native ES modules. */
const VENDORED = ['stanza', 'events', 'webrtc-stats-gatherer', 'genesys-cloud-client-logger', 'softphone-vendor-headsets', 'strict-event-emitter-types'];
const PREFIX = '/__vendor/';
const IDENT = /^[A-Za-z_$][\w$]*$/;

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** An entry that re-exports a module's names: esbuild cannot see a CJS module's names through `export *`. */
function entryFor(specifier) {
  let names = [];
  try {
    const mod = require(specifier);
    names = Object.keys(mod).filter((n) => IDENT.test(n) && n !== 'default' && n !== '__esModule');
  } catch {
    return `export * from '${specifier}';`;
  }
  const list = names.length ? `export const { ${names.join(', ')} } = m;` : '';
  // require() keeps module.exports whole; a transpiled ES module's default is its `default`.
  return `const m = require('${specifier}');\nexport default m.__esModule && 'default' in m ? m.default : m;\n${list}`;
}

export function vendorPlugin() {
  const cache = new Map();
  return {
    name: 'gc-vendor',
    resolveImport({ source }) {
      if (source.startsWith('.') || source.startsWith('/')) return undefined;
      if (VENDORED.includes(packageOf(source))) return `${PREFIX}${encodeURIComponent(source)}.js`;
      return undefined;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const specifier = decodeURIComponent(context.path.slice(PREFIX.length, -'.js'.length));
      if (!cache.has(specifier)) {
        cache.set(specifier, build({
          stdin: { contents: entryFor(specifier), resolveDir: process.cwd(), loader: 'js' },
          bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
          // the same build-time substitutes as rollup (build/stanza-slim.mjs): tests run what ships
          plugins: [esbuildSlimAliases()],
          define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        }).then((r) => r.outputFiles[0].text));
      }
      return { body: await cache.get(specifier), type: 'js' };
    },
  };
}
