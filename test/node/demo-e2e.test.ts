// End to end in Chromium and Firefox ESR (puppeteer-core, the test runner's own driver; Firefox over
// WebDriver BiDi; WTR_BROWSERS=chromium or =firefox for one): the demo agent console
// made of the gc-* elements answers a simulated inbound call by clicking, audio flows, mute and
// end work by clicking; a plain page using only the script-tag bundle places an echo call.
// Saves screenshots of the demo (idle, ringing, in call) into test-results/screenshots/.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startEmulator } from '../../emulator/index';
// @ts-expect-error -- a plain .mjs build script without declarations
import { ensureChromium, chromiumArgs } from '../../scripts/chromium.mjs';
// @ts-expect-error -- a plain .mjs build script without declarations
import { ensureFirefox, firefoxPrefs } from '../../scripts/firefox.mjs';

const root = new URL('../../', import.meta.url).pathname;
const built = existsSync(join(root, 'dist/gc-webrtc-sdk.bundle.js'));
const skip = built ? false : 'dist/ not built (run npm run build)';
const shots = join(root, 'test-results/screenshots');

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
interface Agent { userId: string; name: string; accessToken: string }
let emulator: Emulator;
let server: Server;
let base = '';
let browser: Browser;

const PLAIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plain bundle page</title>
<script src="/dist/gc-webrtc-sdk.bundle.js"></script></head><body><p id="out">starting</p>
<script>
  window.run = async (config, agent) => {
    const { GenesysCloudWebrtcSdk, SdkError, SessionTypes } = window.GenesysCloudWebrtcSdk;
    const sdk = new GenesysCloudWebrtcSdk({ environment: config.environment, wsHost: config.wsHost, accessToken: agent.accessToken,
      optOutOfTelemetry: true, useHeadsets: false, allowedSessionTypes: [SessionTypes.softphone] });
    window.sdk = sdk;
    const started = new Promise((resolve) => sdk.on('sessionStarted', resolve));
    await sdk.initialize();
    const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
    const session = await started;
    document.getElementById('out').textContent = 'in call';
    return { conversationId: id, hasSdkError: typeof SdkError === 'function', defined: !!customElements.get('gc-softphone') };
  };
</script></body></html>`;

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

async function control<T>(path: string, body?: unknown, method = 'POST'): Promise<T> {
  const res = await fetch(`${emulator.info.environment}/__emulator/${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  assert.ok(res.ok, `${method} ${path}: HTTP ${res.status}`);
  return res.json() as Promise<T>;
}

interface ConvView { participants: Array<{ userId?: string; state: string; muted: boolean }>; legs: Array<{ userId: string; counters: { audio?: { rtpPacketsToAgent?: number; rtpPacketsFromAgent?: number } } | null }> }

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  if (skip) return;
  emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/plain.html') { res.writeHead(200, { 'content-type': 'text/html' }).end(PLAIN_PAGE); return; }
    if (path === '/demo-config.json') {
      // the first agent is a fresh, isolated one for this run
      const fresh = await control<Agent>('agents', { name: 'Demo Tester' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...emulator.info, agents: [fresh, ...emulator.info.agents] }));
      return;
    }
    const rel = path === '/' ? 'demo/index.html' : path.replace(/^\/+/, '');
    if (!/^(demo|dist)\//.test(rel) || rel.includes('..')) { res.writeHead(404).end(); return; }
    try {
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(await readFile(join(root, rel)));
    } catch { res.writeHead(404).end(); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  server?.close();
  await emulator?.close();
});

/** Waits for an element in <gc-softphone>'s shadow root and returns it. */
async function inPhone(page: Page, selector: string, timeout = 15000) {
  const handle = await page.waitForFunction((sel) => document.querySelector('gc-softphone')?.shadowRoot?.querySelector(sel), { timeout }, selector);
  return handle.asElement() as import('puppeteer-core').ElementHandle<Element>;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const launchers: Record<string, () => Promise<Browser>> = {
  chromium: () => puppeteer.launch({ executablePath: ensureChromium(), headless: true, args: chromiumArgs }),
  firefox: () => puppeteer.launch({ browser: 'firefox', executablePath: ensureFirefox(), headless: true, extraPrefsFirefox: firefoxPrefs }),
};
const wanted = (process.env.WTR_BROWSERS ?? 'chromium,firefox').split(',').filter((b) => b in launchers);

for (const name of wanted) describe(name === 'firefox' ? 'Firefox' : 'Chromium', () => {
  const prefix = name === 'firefox' ? 'firefox-' : ''; // screenshots: Chromium's keep their names
  // headless Firefox has no screen: getDisplayMedia rejects NotFoundError (docs/browsers.md)
  const screenNote = ' [Chromium only: headless Firefox has no screen to capture]';
  const noScreen = name === 'firefox' ? 'headless Firefox has no screen to capture' : false;
  before(async () => { if (!skip) browser = await launchers[name]!(); });
  after(async () => { await browser?.close(); });

  test('demo: answer an inbound call by clicking, hear it, mute and end by clicking', { skip, timeout: 90000 }, async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 820 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __sessions: unknown[] };
      w.__sessions = [];
      document.addEventListener('gc-session-started', (e) => w.__sessions.push((e as CustomEvent).detail));
    });
    await page.goto(`${base}/demo/console.html`);
    await page.waitForSelector('gc-webrtc-sdk[connection-state="connected"]', { timeout: 20000 });
    const agentId = await page.evaluate(() => {
      return (window as unknown as { sdkElement: { sdk: { _personDetails?: { id: string } } } }).sdkElement.sdk._personDetails?.id;
    });
    assert.ok(agentId);
    // the access token never appears in the DOM
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!/accesstoken|access-token/i.test(html.replace(/sets `?accessToken`? as a property/g, '')), 'token attribute in DOM');
    await shot(page, prefix + 'demo-idle');

    const { conversationId } = await control<{ conversationId: string }>('inbound-call', { toUserId: agentId, from: '+13175550123', fromName: 'Casey Customer' });
    const answer = await inPhone(page, 'button[part="answer-button"]');
    await shot(page, prefix + 'demo-ringing');
    await answer.click();
    try {
      await inPhone(page, 'li[part="call"][data-state="connected"]');
    } catch (err) {
      await shot(page, prefix + 'demo-failure');
      const text = await page.evaluate(() => document.querySelector("gc-softphone")?.shadowRoot?.querySelector("li")?.outerHTML);
      throw new Error(`${String(err)}; softphone shows: ${text}; page errors: ${pageErrors.join(' | ')}`);
    }

    // "Remote hang-up" is available during the call
    await page.waitForSelector('#hangup:not([disabled])', { timeout: 5000 });

    // audio: packets flow to the agent (emulator counters) and the page receives and hears them
    const sent = await until('RTP to the agent', async () => {
      const v = await control<ConvView>(`conversations/${conversationId}`, undefined, 'GET');
      const n = v.legs.find((l) => l.userId === agentId)?.counters?.audio?.rtpPacketsToAgent ?? 0;
      return n > 50 ? n : false;
    });
    assert.ok(sent > 50);
    const heard = await page.evaluate(async () => {
      const sessions = (window as unknown as { __sessions: Array<{ pc: RTCPeerConnection }> }).__sessions;
      const pc = sessions[sessions.length - 1].pc;
      const track = pc.getReceivers().find((r) => r.track?.kind === 'audio')!.track;
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      const muted = new Audio(); muted.muted = true; muted.srcObject = new MediaStream([track]); void muted.play();
      const data = new Float32Array(analyser.fftSize);
      let peak = 0;
      for (let i = 0; i < 30; i++) {
        await new Promise((r) => setTimeout(r, 100));
        analyser.getFloatTimeDomainData(data);
        for (const v of data) peak = Math.max(peak, Math.abs(v));
      }
      let received = 0;
      (await pc.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') received += r.packetsReceived; });
      await ctx.close();
      return { peak, received };
    });
    assert.ok(heard.received > 50, `inbound-rtp packetsReceived ${heard.received}`);
    assert.ok(heard.peak > 0.01, `remote audio peak ${heard.peak}`);
    await new Promise((r) => setTimeout(r, 1200)); // the call timer ticks
    await shot(page, prefix + 'demo-in-call');

    // mute by clicking → the emulator shows the agent participant muted
    await (await inPhone(page, 'button[part="mute-button"]')).click();
    await until('participant muted', async () => {
      const v = await control<ConvView>(`conversations/${conversationId}`, undefined, 'GET');
      return v.participants.find((p) => p.userId === agentId)?.muted === true;
    });
    await inPhone(page, 'button[part="mute-button"][aria-pressed="true"]');

    // end by clicking → the emulator shows the agent disconnected
    await (await inPhone(page, 'button[part="end-button"]')).click();
    await until('call disconnected', async () => {
      const v = await control<ConvView>(`conversations/${conversationId}`, undefined, 'GET');
      const s = v.participants.find((p) => p.userId === agentId)?.state;
      return s === 'disconnected' || s === 'terminated';
    });
    await page.waitForFunction(() => !document.querySelector('gc-softphone')?.shadowRoot?.querySelector('li[part="call"]'), { timeout: 15000 });
    await page.waitForSelector('#hangup[disabled]', { timeout: 5000 });

    // an outbound call (echo number) can be hung up remotely too
    await page.click('button[data-dial="+15550100"]');
    await inPhone(page, 'li[part="call"][data-state="connected"]');
    await page.waitForSelector('#hangup:not([disabled])', { timeout: 5000 });
    await page.click('#hangup');
    await page.waitForFunction(() => !document.querySelector('gc-softphone')?.shadowRoot?.querySelector('li[part="call"]'), { timeout: 15000 });
    await page.waitForSelector('#hangup[disabled]', { timeout: 5000 });
    assert.deepEqual(pageErrors, []);
    await page.close();
  });

  test('plain page with only the script-tag bundle places an echo call', { skip, timeout: 60000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/plain.html`);
    const agent = await control<Agent>('agents', { name: 'Bundle Tester' });
    const result = await page.evaluate((config, a) => (window as unknown as { run: (c: unknown, a: unknown) => Promise<{ conversationId: string; hasSdkError: boolean; defined: boolean }> }).run(config, a), emulator.info, agent);
    assert.ok(result.hasSdkError);
    assert.ok(result.defined, 'the bundle registers the elements');
    const echoed = await until('echo RTP both ways', async () => {
      const v = await control<ConvView>(`conversations/${result.conversationId}`, undefined, 'GET');
      const c = v.legs.find((l) => l.userId === agent.userId)?.counters?.audio;
      return (c?.rtpPacketsFromAgent ?? 0) > 50 && (c?.rtpPacketsToAgent ?? 0) > 50 ? c : false;
    });
    assert.ok(echoed);
    await page.evaluate(() => (window as unknown as { sdk: { destroy(): Promise<void> } }).sdk.destroy());
    await page.close();
  });

  /** An element inside `host`'s shadow root (puppeteer handle; its click() is a real mouse click). */
  async function inShadow(page: Page, host: string, selector: string, timeout = 20000) {
    const handle = await page.waitForFunction((h, sel) => document.querySelector(h)?.shadowRoot?.querySelector(sel), { timeout }, host, selector);
    return handle.asElement() as import('puppeteer-core').ElementHandle<Element>;
  }

  /** A button in `host`'s shadow root by its text. */
  async function shadowButton(page: Page, host: string, text: string, timeout = 20000) {
    const handle = await page.waitForFunction((h, t) => [...(document.querySelector(h)?.shadowRoot?.querySelectorAll('button') ?? [])]
      .find((b) => b.textContent?.trim() === t && !(b as HTMLButtonElement).disabled), { timeout }, host, text);
    return handle.asElement() as import('puppeteer-core').ElementHandle<HTMLButtonElement>;
  }

  /** Decoded frames keep coming in a tile's <video> of `participantName`. */
  async function tileMoves(page: Page, participantName: string): Promise<void> {
    await page.waitForFunction(async (name) => {
      const root = document.querySelector('gc-video-conference')?.shadowRoot;
      const tile = [...(root?.querySelectorAll('[part="tile"]') ?? [])].find((t) => t.querySelector('[part="tile-name"]')?.textContent?.includes(name));
      const video = tile?.querySelector('video');
      if (!video || video.videoWidth === 0) return false;
      const before = video.getVideoPlaybackQuality().totalVideoFrames;
      await new Promise((r) => setTimeout(r, 400));
      return video.getVideoPlaybackQuality().totalVideoFrames > before;
    }, { timeout: 30000, polling: 500 }, participantName);
  }

  test('demo: landing page, video room in two tabs (they see each other, a bot joins), guest shares a screen with a code' + screenNote, { skip: skip || noScreen, timeout: 150000 }, async () => {
    const landing = await browser.newPage();
    await landing.goto(`${base}/`);
    const links = await landing.$$eval('a.card', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['/demo/console.html', '/demo/video.html', '/demo/guest.html', '/demo/supervisor.html']);
    await shot(landing, prefix + 'demo-landing');
    await landing.close();

    const room = `e2e-${Date.now().toString(36)}`;
    const tabs: Page[] = [];
    for (const agentN of [1, 2]) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1200, height: 900 });
      await page.goto(`${base}/demo/video.html?agent=${agentN}&room=${room}`);
      await page.waitForSelector('gc-webrtc-sdk[connection-state="connected"]', { timeout: 20000 });
      await (await shadowButton(page, 'gc-video-conference', 'Join')).click();
      await page.waitForSelector('gc-video-conference[state="joined"]', { timeout: 30000 });
      tabs.push(page);
    }
    const names = await Promise.all(tabs.map((p) => p.$eval('#agent-name', (e) => e.textContent ?? '')));
    // each tab sees the other agent's moving video
    await tileMoves(tabs[0], names[1]);
    await tileMoves(tabs[1], names[0]);
    // the emulator control adds a bot; both tabs see it move (clicks go to the tab in front)
    await tabs[0].bringToFront();
    await tabs[0].click('#add-bot');
    const botName = await tabs[0].waitForFunction(() => /^(.+) joined the room\.$/.exec(document.getElementById('emu-status')?.textContent ?? '')?.[1], { timeout: 15000 });
    const bot = String(await botName.jsonValue());
    await tileMoves(tabs[0], bot);
    await tileMoves(tabs[1], bot);
    await shot(tabs[0], prefix + 'demo-video-room');
    for (const page of tabs) {
      await page.bringToFront();
      await (await shadowButton(page, 'gc-video-conference', 'Leave')).click();
      await page.waitForSelector('gc-video-conference[state="left"]', { timeout: 15000 });
      await page.close();
    }

    const guest = await browser.newPage();
    await guest.setViewport({ width: 1100, height: 800 });
    await guest.goto(`${base}/demo/guest.html`);
    await guest.click('#code');
    const code = String(await (await guest.waitForFunction(() => document.querySelector('#code-out code')?.textContent, { timeout: 15000 })).jsonValue());
    const input = await inShadow(guest, 'gc-screen-share', 'input[part="code-input"]');
    await input.click();
    await guest.keyboard.type(code);
    await (await shadowButton(guest, 'gc-screen-share', 'Share screen')).click();
    await guest.waitForSelector('gc-screen-share[state="sharing"]', { timeout: 30000 });
    await guest.waitForFunction(() => {
      const m = /(\d+) video packets received/.exec(document.getElementById('counter')?.textContent ?? '');
      return m && Number(m[1]) > 30;
    }, { timeout: 30000, polling: 500 });
    await shot(guest, prefix + 'demo-guest-sharing');
    await (await shadowButton(guest, 'gc-screen-share', 'Stop sharing')).click();
    await guest.waitForSelector('gc-screen-share[state="idle"]', { timeout: 15000 });
    await guest.waitForFunction(() => /Screen share at the emulator: ended/.test(document.getElementById('counter')?.textContent ?? ''), { timeout: 15000 });
    await guest.close();
  });

  test('demo: the supervisor page starts live monitoring of the agent console and watches its screen' + screenNote, { skip: skip || noScreen, timeout: 120000 }, async () => {
    const agentPage = await browser.newPage();
    await agentPage.setViewport({ width: 1200, height: 1000 });
    // a seeded agent (the same in every page's config; each config fetch here makes a new fresh agent)
    await agentPage.goto(`${base}/demo/console.html?agent=2`);
    await agentPage.waitForSelector('gc-webrtc-sdk[connection-state="connected"]', { timeout: 20000 });

    const supervisor = await browser.newPage();
    await supervisor.setViewport({ width: 1200, height: 900 });
    await supervisor.goto(`${base}/demo/supervisor.html`);
    await supervisor.waitForSelector('gc-webrtc-sdk[connection-state="connected"]', { timeout: 20000 });
    const target = await agentPage.$eval('#agent-name', (e) => e.textContent ?? '');
    const picked = await supervisor.select('#target', '2');
    assert.deepEqual(picked, ['2']);
    assert.equal(await supervisor.$eval('#target', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent), target);
    await supervisor.click('#start');

    // the agent sees that they are watched and picks the screen (the browser needs their click)
    await agentPage.bringToFront();
    await inShadow(agentPage, 'gc-screen-share', '[part="indicator"]');
    const pick = await shadowButton(agentPage, 'gc-screen-share', 'Choose the screen to share').catch(() => undefined);
    await pick?.click();
    await agentPage.waitForSelector('gc-screen-share[state="sharing"]', { timeout: 20000 });
    await shot(agentPage, prefix + 'demo-console-monitored');

    await supervisor.bringToFront();
    await supervisor.waitForSelector('gc-screen-share[state="watching"]', { timeout: 20000 });
    await supervisor.waitForFunction(async () => {
      const video = document.querySelector('gc-screen-share')?.shadowRoot?.querySelector<HTMLVideoElement>('video[part="screen"]:not([hidden])');
      if (!video || video.videoWidth === 0) return false;
      const before = video.getVideoPlaybackQuality().totalVideoFrames;
      await new Promise((r) => setTimeout(r, 400));
      return video.getVideoPlaybackQuality().totalVideoFrames > before;
    }, { timeout: 30000, polling: 500 });
    await shot(supervisor, prefix + 'demo-supervisor-watching');
    await (await shadowButton(supervisor, 'gc-screen-share', 'End monitoring')).click();
    await supervisor.waitForSelector('gc-screen-share[state="idle"]', { timeout: 15000 });
    await agentPage.waitForFunction(() => !document.querySelector('gc-screen-share')?.shadowRoot?.querySelector('[part="indicator"]'), { timeout: 15000 });
    await supervisor.close();
    await agentPage.close();
  });
});
