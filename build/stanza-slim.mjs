// Build-time module substitutions that keep whole-library code out of what ships
// (docs/bundle-size.md). Defined once here and applied by:
//   - rollup (rollup.config.mjs → rollupSlimAliases()), for dist/,
//   - the browser test runner's vendor pre-bundling (test/support/vendor-plugin.mjs →
//     esbuildSlimAliases()), so tests run exactly the modules that ship,
//   - scripts/bundle-composition.mjs (bundle composition).
// Keys are the real files (as resolved inside node_modules), values the substitutes; a file is
// substituted whoever imports it (stanza's own relative `require("./plugins")` included).
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(resolve(root, 'package.json'));
const stanzaDir = dirname(require.resolve('stanza/package.json'));

/** real module (relative to the stanza package) → substitute (relative to the project root) */
const STANZA = {
  // every plugin → only the ones the engine uses (features, sasl, bind, connection, disco, pubsub)
  'plugins/index.js': 'src/streaming/stanza-slim/plugins.ts',
  // every protocol definition → only the ones the engine exchanges
  'protocol/index.js': 'src/streaming/stanza-slim/protocol.ts',
  // WebSocket only: no BOSH, no DNS / host-meta discovery
  'transports/bosh.js': 'src/streaming/stanza-slim/bosh.ts',
  'helpers/NetworkDiscovery.js': 'src/streaming/stanza-slim/network-discovery.ts',
  // only the constants the bundled stanza modules and the engine use (see the file)
  'Constants.js': 'src/streaming/stanza-slim/constants.ts',
  // XHTML-IM sanitizer: only XEP-0071 (left out) uses it
  'jxt/sanitizers/XHTMLIM.js': 'src/streaming/stanza-slim/xhtmlim.ts',
  // only the XML namespaces in use (see the file)
  'Namespaces.js': 'src/streaming/stanza-slim/namespaces.ts',
  // SASL: PLAIN and ANONYMOUS only (no SCRAM/DIGEST/OAUTH/EXTERNAL, no SHA/MD5/HMAC/SASLprep)
  'lib/sasl/index.js': 'src/streaming/stanza-slim/sasl.ts',
  // the browser platform without hashing (only SCRAM/DIGEST and caps generation hash); both the
  // file relative requires name and the one the package's `browser` field maps it to
  'platform/index.js': 'src/streaming/stanza-slim/platform.ts',
  'platform/browser/index.js': 'src/streaming/stanza-slim/platform.ts',
  // stream-free WebSocket transport and XML stream parser (no readable-stream / Buffer shim)
  'transports/websocket.js': 'src/streaming/stanza-slim/websocket.ts',
  'jxt/StreamParser.js': 'src/streaming/stanza-slim/stream-parser.ts',
  // JID preparation without the Unicode tables (exact for ASCII; see the file)
  'lib/stringprep/index.js': 'src/streaming/stanza-slim/stringprep.ts',
  // XEP-0115 caps hashing: only client.updateCaps() reaches it, which the engine never calls
  'helpers/LegacyEntityCapabilities.js': 'src/streaming/stanza-slim/entity-caps.ts',
  // the same nextTick, in a module not named "process" (see the file)
  'platform/browser/process.js': 'src/streaming/stanza-slim/next-tick.ts',
};

/** absolute real path → absolute substitute path */
export const SLIM_ALIASES = new Map(Object.entries(STANZA).map(([from, to]) => [resolve(stanzaDir, from), resolve(root, to)]));

/**
 * Bare specifiers replaced when imported from one package: specifier → { importer package, substitute }.
 * axios: genesys-cloud-client-logger only POSTs log batches with it (build/slim/axios-fetch.mjs);
 * exponential-backoff: its retry of those POSTs (build/slim/exponential-backoff.mjs);
 * punycode: stanza's JID domain decoding (src/streaming/stanza-slim/punycode.ts).
 */
export const SLIM_PACKAGES = new Map([
  ['axios', { from: 'genesys-cloud-client-logger', to: resolve(root, 'build/slim/axios-fetch.mjs') }],
  // exponential-backoff: the same backOff() without down-levelled generator helpers
  ['exponential-backoff', { from: 'genesys-cloud-client-logger', to: resolve(root, 'build/slim/exponential-backoff.mjs') }],
  // punycode: stanza's JID parsing only decodes `xn--` domain labels (toUnicode)
  ['punycode', { from: 'stanza', to: resolve(root, 'src/streaming/stanza-slim/punycode.ts') }],
]);

/** The substitute for an absolute file path, if any. */
export function substituteFor(file) {
  return SLIM_ALIASES.get(file);
}

/** Resolves a relative specifier the way Node does for CommonJS (file, .js, /index.js). */
function resolveRelative(source, importerDir) {
  const base = resolve(importerDir, source);
  for (const candidate of [base, `${base}.js`, resolve(base, 'index.js')]) {
    if (SLIM_ALIASES.has(candidate)) return candidate;
  }
  return undefined;
}

/** genesys-cloud-client-logger's own `./server-logger` import (from logger.js): a stub, see the file */
const SERVER_LOGGER_STUB = resolve(root, 'build/slim/server-logger-stub.mjs');

/** The substitute for `source` imported from `importerDir`, if any. */
export function slimResolve(source, importerDir) {
  if (source === './server-logger' && importerDir?.endsWith('/node_modules/genesys-cloud-client-logger/dist/es')) return SERVER_LOGGER_STUB;
  const scoped = SLIM_PACKAGES.get(source);
  if (scoped) return `${importerDir}/`.includes(`/node_modules/${scoped.from}/`) ? scoped.to : undefined;
  let real;
  if (source.startsWith('.')) {
    if (!importerDir) return undefined;
    real = resolveRelative(source, importerDir);
  } else if (source === 'stanza' || source.startsWith('stanza/')) {
    try { real = require.resolve(source); } catch { return undefined; }
  }
  return real ? SLIM_ALIASES.get(real) : undefined;
}

/** Rollup plugin: put it before node-resolve. */
export function rollupSlimAliases() {
  return {
    name: 'gc-slim-aliases',
    resolveId(source, importer) {
      const dir = importer ? dirname(importer.replace(/^\0/, '').replace(/\?.*$/, '')) : undefined;
      return slimResolve(source, dir) ?? null;
    },
  };
}

/** esbuild plugin with the same substitutions. */
export function esbuildSlimAliases() {
  const names = [...SLIM_PACKAGES.keys()].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const filter = new RegExp(`^(\\.|stanza(/|$)${names.length ? `|${names.join('|')}$` : ''})`);
  return {
    name: 'gc-slim-aliases',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        const path = slimResolve(args.path, args.resolveDir);
        return path ? { path } : undefined;
      });
    },
  };
}
