// `npm start`: build, start the emulator, and serve the demo (landing page, agent console, video
// room, guest screen share, supervisor).
//   --port <n>        demo page port (default 8080; a busy port falls back to a free one)
//   --no-build        reuse an existing dist/
// Both work with or without `--` (`npm start --no-build` hands the flags to npm, which passes them
// on as npm_config_* environment variables).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import { buildDemoReact } from './build-demo-react.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.indexOf(name);
const npmPort = Number(process.env.npm_config_port);
const port = flag('--port') >= 0 ? Number(argv[flag('--port') + 1]) : process.env.npm_config_port && Number.isInteger(npmPort) ? npmPort : 8080;
// `npm start --no-build` sets npm_config_build to '' (npm 7+) or 'false'
const noBuild = flag('--no-build') >= 0 || process.env.npm_config_build === '' || process.env.npm_config_build === 'false';

if (!noBuild) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// the React example (demo/react/) is bundled from dist/ with esbuild (about a second)
await buildDemoReact();

const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
const root = process.cwd();
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/demo-config.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(emulator.info));
    return;
  }
  // only demo/ and dist/ are served
  const rel = path === '/' ? 'demo/index.html' : path === '/demo/react/' || path === '/react' ? 'demo/react/index.html' : normalize(path).replace(/^\/+/, '');
  if (!/^(demo|dist)\//.test(rel)) { res.writeHead(404).end('not found'); return; }
  try {
    const body = await readFile(join(root, rel));
    res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});

function listen(p) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve(server.address().port));
  });
}
let demoPort;
try {
  demoPort = await listen(port);
} catch {
  demoPort = await listen(0);
}

console.log(`React example: http://127.0.0.1:${demoPort}/demo/react/   (the console from gc-webrtc-sdk/react)`);
console.log(`Emulator: ${emulator.info.environment}`);
const demo = `http://127.0.0.1:${demoPort}`;
console.log(`Demo:     ${demo}/   (landing page)`);
console.log(`  agent console  ${demo}/demo/console.html   (?agent=2 in another tab: a second agent)`);
console.log(`  video room     ${demo}/demo/video.html     (two tabs as two agents see each other; "Add a bot")`);
console.log(`  guest share    ${demo}/demo/guest.html`);
console.log(`  supervisor     ${demo}/demo/supervisor.html`);
console.log('Ctrl+C to stop.');

async function stop() {
  server.close();
  await emulator.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
