// A tiny static server on 127.0.0.1 for the bench pages (bench/page/), our dist/ and the
// published upstream bundle. No caching headers: every browser context starts cold anyway.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const MOUNTS = {
  '/page/': join(ROOT, 'bench/page'),
  '/dist/': join(ROOT, 'dist'),
  '/upstream/': join(ROOT, 'node_modules/genesys-cloud-webrtc-sdk/dist'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json', '.json': 'application/json', '.css': 'text/css', '.wav': 'audio/wav',
};

export async function startStaticServer() {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const mount = Object.keys(MOUNTS).find((m) => url.pathname.startsWith(m));
      if (!mount) { res.writeHead(404).end('not found'); return; }
      const base = MOUNTS[mount];
      const file = normalize(join(base, decodeURIComponent(url.pathname.slice(mount.length))));
      if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
