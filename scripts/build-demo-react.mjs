// Builds the React example (demo/react/app.jsx) into dist/demo-react/app.js with esbuild, importing
// gc-webrtc-sdk through its package exports (the built dist/, as an app would get it from npm).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** `gc-webrtc-sdk[/sub]` → the file the package's exports map names for it. */
const selfReference = {
  name: 'gc-webrtc-sdk-exports',
  setup(b) {
    b.onResolve({ filter: /^gc-webrtc-sdk(\/.*)?$/ }, (args) => {
      const target = pkg.exports[`.${args.path.slice(pkg.name.length)}`];
      const file = typeof target === 'string' ? target : target?.default;
      return file ? { path: fileURLToPath(new URL(file, `file://${root}`)) } : { errors: [{ text: `${args.path} is not exported` }] };
    });
  },
};

export async function buildDemoReact() {
  await build({
    entryPoints: [`${root}demo/react/app.jsx`], outfile: `${root}dist/demo-react/app.js`,
    bundle: true, format: 'esm', target: 'es2022', jsx: 'automatic', minify: true, sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' }, plugins: [selfReference], logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDemoReact();
