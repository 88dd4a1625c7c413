// End to end in Chromium: the React example (demo/react/app.jsx, built from dist/ by
// scripts/build-demo-react.mjs as `npm start` does) connects through the gc-webrtc-sdk/react
// wrappers, its typed event props update React state, and an inbound call is answered by clicking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startEmulator } from '../../emulator/index';

const root = new URL('../../', import.meta.url).pathname;
const built = existsSync(join(root, 'dist/react.js'));
const skip = built ? false : 'dist/ not built (run npm run build)';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let server: Server;
let base = '';
let browser: Browser;

async function control<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${emulator.info.environment}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `POST ${path}: HTTP ${res.status}`);
  return res.json() as Promise<T>;
}

before(async () => {
  if (skip) return;
  const buildScript = '../../scripts/build-demo-react.mjs'; // (untyped .mjs)
  const { buildDemoReact } = await import(buildScript) as { buildDemoReact: () => Promise<void> };
  await buildDemoReact();
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/demo-config.json') {
      const fresh = await control<{ userId: string }>('agents', { name: 'React Tester' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...emulator.info, agents: [fresh, ...emulator.info.agents] }));
      return;
    }
    const rel = path.replace(/^\/+/, '');
    if (!/^(demo|dist)\//.test(rel) || rel.includes('..')) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(await readFile(join(root, rel)));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chromium = '../../scripts/chromium.mjs'; // (untyped .mjs)
  const { ensureChromium, chromiumArgs } = await import(chromium) as { ensureChromium: () => string; chromiumArgs: string[] };
  browser = await puppeteer.launch({ executablePath: ensureChromium(), headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

/** Waits for an element in <gc-softphone>'s shadow root and returns it. */
async function inPhone(page: Page, selector: string, timeout = 15000) {
  const handle = await page.waitForFunction((sel) => document.querySelector('gc-softphone')?.shadowRoot?.querySelector(sel), { timeout }, selector);
  return handle.asElement() as import('puppeteer-core').ElementHandle<Element>;
}

const logHas = (page: Page, re: RegExp, timeout = 15000) =>
  page.waitForFunction((source) => new RegExp(source).test(document.getElementById('log')?.textContent ?? ''), { timeout }, re.source)
    .catch(async (err) => { throw new Error(`${String(err)}; page shows: ${await page.evaluate(() => document.getElementById('root')?.innerText)}`); });

test('React example: the wrappers connect, event props fire, and an inbound call is answered by clicking', { skip, timeout: 90000 }, async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await page.goto(`${base}/demo/react/index.html`);
    await page.waitForSelector('gc-webrtc-sdk[connection-state="connected"]', { timeout: 20000 });
    // onGcConnectionStateChange and onGcReady (typed event props) reached React state
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'connected', { timeout: 10000 });
    await logHas(page, /ready/);
    const agentId = await page.evaluate(() => (window as unknown as { sdkElement: { sdk: { _personDetails?: { id: string } } } }).sdkElement.sdk._personDetails?.id);
    assert.ok(agentId);
    await control('inbound-call', { toUserId: agentId, from: '+13175550123' });
    await logHas(page, /pending session/);
    const answer = await inPhone(page, 'button[part="answer-button"]');
    await answer.click();
    await inPhone(page, 'li[part="call"][data-state="connected"]');
    await logHas(page, /session started/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
});
