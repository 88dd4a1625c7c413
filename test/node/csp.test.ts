// The script-tag bundle and the ES build under a strict Content-Security-Policy in Chromium:
// `script-src 'self'` (the ES page's import map by its hash only), no 'unsafe-eval', no
// 'unsafe-inline', `style-src 'self'` (the elements style themselves with constructable
// stylesheets). Each page initializes, places an echo call that the emulator sees media for,
// and renders <gc-softphone> styled; no CSP violation and no page error is allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startEmulator } from '../../emulator/index';
// @ts-expect-error -- a plain .mjs build script without declarations
import { ensureChromium, chromiumArgs } from '../../scripts/chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;
const built = existsSync(join(root, 'dist/gc-webrtc-sdk.bundle.js')) && existsSync(join(root, 'dist/elements.js'));
const skip = built ? false : 'dist/ not built (run npm run build)';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let server: Server;
let base = '';
let browser: Browser;

const IMPORT_MAP = JSON.stringify({
  imports: {
    lit: '/node_modules/lit/index.js',
    'lit/': '/node_modules/lit/',
    'lit-html': '/node_modules/lit-html/lit-html.js',
    'lit-html/': '/node_modules/lit-html/',
    'lit-element/': '/node_modules/lit-element/',
    '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
    '@lit/context': '/node_modules/@lit/context/index.js',
  },
});
const IMPORT_MAP_HASH = `'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'`;

/** The app code, as an external file (no inline script); `GC` is how each page reaches the SDK. */
const APP = (getSdk: string) => `
window.__run = async () => {
  const { GenesysCloudWebrtcSdk } = ${getSdk};
  const config = await (await fetch('/config.json')).json();
  const el = document.querySelector('gc-webrtc-sdk');
  const sdk = new GenesysCloudWebrtcSdk({ environment: config.environment, wsHost: config.wsHost, accessToken: config.accessToken,
    optOutOfTelemetry: true, useHeadsets: false, allowedSessionTypes: ['softphone'] });
  el.querySelector('gc-softphone').sdk = sdk;
  const started = new Promise((resolve) => sdk.on('sessionStarted', resolve));
  await sdk.initialize();
  const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
  await started;
  window.__sdk = sdk;
  return id;
};
`;

const page = (head: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>csp</title>${head}</head>
<body><gc-webrtc-sdk auto-initialize="false"><gc-softphone></gc-softphone></gc-webrtc-sdk></body></html>`;

const PAGES: Record<string, { html: string; app: string; csp: string }> = {
  bundle: {
    html: page('<script src="/dist/gc-webrtc-sdk.bundle.js"></script><script src="/app-bundle.js"></script>'),
    app: APP('window.GenesysCloudWebrtcSdk'),
    csp: "script-src 'self'",
  },
  esm: {
    html: page(`<script type="importmap">${IMPORT_MAP}</script><script type="module" src="/app-esm.js"></script>`),
    app: `import * as Sdk from '/dist/index.js';\nimport '/dist/elements.js';\nwindow.__Sdk = Sdk;\n${APP('Sdk')}`,
    csp: `script-src 'self' ${IMPORT_MAP_HASH}`,
  },
};

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

before(async () => {
  if (skip) return;
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  const emu = new URL(emulator.info.environment);
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = /^\/(bundle|esm)\.html$/.exec(path)?.[1];
    const csp = (p: { csp: string }) => [
      "default-src 'none'", p.csp, "style-src 'self'", `connect-src 'self' http://${emu.host} ws://${emu.host}`,
      "media-src 'self' blob: mediastream:", "img-src 'self' data:", "base-uri 'none'", "object-src 'none'", "form-action 'none'",
    ].join('; ');
    if (name) {
      const p = PAGES[name]!;
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp(p) }).end(p.html);
      return;
    }
    const app = /^\/app-(bundle|esm)\.js$/.exec(path)?.[1];
    if (app) { res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGES[app]!.app); return; }
    if (path === '/config.json') {
      const agent = await (await fetch(`${emulator.info.environment}/__emulator/agents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { accessToken: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...emulator.info, accessToken: agent.accessToken }));
      return;
    }
    const rel = path.replace(/^\/+/, '');
    if (!/^(dist|node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context))\//.test(rel) || rel.includes('..')) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(await readFile(join(root, rel)));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({ executablePath: ensureChromium(), headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

for (const name of ['bundle', 'esm'] as const) {
  test(`strict CSP (${name === 'bundle' ? 'script-tag bundle' : 'ES build'}): initializes, calls, renders styled elements, no violation`, { skip, timeout: 60000 }, async () => {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    tab.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`); });
    await tab.evaluateOnNewDocument(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      await tab.goto(`${base}/${name}.html`);
      await tab.waitForFunction(() => typeof (window as unknown as { __run?: unknown }).__run === 'function' && customElements.get('gc-softphone'), { timeout: 15000 });
      const conversationId = await tab.evaluate(() => (window as unknown as { __run: () => Promise<string> }).__run());
      // media reached the emulator from this page
      const deadline = Date.now() + 15000;
      let rtp = 0;
      while (Date.now() < deadline && rtp <= 25) {
        const conv = await (await fetch(`${emulator.info.environment}/__emulator/conversations/${conversationId}`)).json() as { legs: Array<{ counters: { audio?: { rtpPacketsFromAgent?: number } } }> };
        rtp = conv.legs[0]?.counters.audio?.rtpPacketsFromAgent ?? 0;
        if (rtp <= 25) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(rtp > 25, `RTP from the page: ${rtp}`);
      // the softphone shows the call, styled through adopted (constructable) stylesheets only
      await tab.waitForFunction(() => document.querySelector('gc-softphone')?.shadowRoot?.querySelector('li[part="call"]'), { timeout: 15000 });
      const styling = await tab.evaluate(() => {
        const rootNode = document.querySelector('gc-softphone')!.shadowRoot!;
        return { adopted: rootNode.adoptedStyleSheets.length, styleTags: rootNode.querySelectorAll('style').length };
      });
      assert.ok(styling.adopted > 0, 'constructable stylesheets adopted');
      assert.equal(styling.styleTags, 0, 'no <style> elements');
      // lazy files under the CSP: a media element added now upgrades (the script-tag bundle loads its own file for it),
      // and the bundle preloaded its media-updates code after ready
      await tab.evaluate(() => { document.body.insertAdjacentHTML('beforeend', '<gc-screen-share></gc-screen-share>'); });
      await tab.waitForFunction(() => customElements.get('gc-screen-share') && document.querySelector('gc-screen-share')?.shadowRoot?.childElementCount, { timeout: 15000 });
      if (name === 'bundle') {
        const files = await tab.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
        assert.ok(files.includes('/dist/gc-webrtc-sdk.media-elements.js'), 'media elements file loaded');
        assert.ok(files.includes('/dist/gc-webrtc-sdk.media-updates.js'), 'media-updates file loaded');
      }
      const violations = await tab.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
      assert.deepEqual([...violations, ...problems], []);
      await tab.evaluate(() => (window as unknown as { __sdk: { destroy(): Promise<void> } }).__sdk.destroy());
    } finally {
      await tab.close();
    }
  });
}
