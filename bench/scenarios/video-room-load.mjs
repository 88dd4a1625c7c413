/* global window, navigator, RTCPeerConnection */
// The SFU's forwarding cost on this machine: one video room of N participants (default 6: 2
// headless Chromium pages with the fake camera and mic, plus 4 bots sending Opus + VP8), every
// participant's audio and video forwarded to every other one. The emulator runs in its own child
// process (the CLI), so its CPU is read alone from /proc/<pid>/stat. Measured over a fixed window
// once everyone receives video: emulator CPU %, packets forwarded, RTP loss and decoded frames
// seen by the browsers (getStats), and the emulator's own counters. Bounded: every wait has a
// deadline, the child and the browser are killed at the end. Everything on 127.0.0.1.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launchChromium } from '../lib/chromium.mjs';
import { ensureTsx } from '../lib/emulator.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const TICKS_PER_S = 100; // Linux USER_HZ

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

async function startEmulatorChild() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('emulator did not start within 30 s')), 30_000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited ${code}`)); });
  });
  const base = info.environment;
  const call = async (method, path, body, token) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, info, base, call, stop };
}

/** In-page peer: answers the SFU offer with the fake camera and mic on slot 0, opens the control channel, counts status messages. */
const PAGE_ANSWER = async (offer) => {
  const pc = new RTCPeerConnection();
  window.__pc = pc;
  window.__statuses = 0;
  await pc.setRemoteDescription({ type: 'offer', sdp: offer });
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 15 } });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  await pc.setLocalDescription(await pc.createAnswer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((resolve) => {
      const t = setTimeout(resolve, 3000);
      pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); } });
    });
  }
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState !== 'connected' || window.__dc) return;
    window.__dc = pc.createDataChannel('videoConferenceControl');
    window.__dc.onmessage = () => { window.__statuses += 1; };
  });
  return pc.localDescription.sdp;
};

const PAGE_STATS = async () => {
  const out = { video: { packetsReceived: 0, packetsLost: 0, framesDecoded: 0, tracks: 0 }, audio: { packetsReceived: 0, packetsLost: 0 }, sent: { audio: 0, video: 0 }, statuses: window.__statuses ?? 0, connectionState: window.__pc?.connectionState };
  const stats = await window.__pc.getStats();
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      const k = s.kind === 'video' ? out.video : out.audio;
      k.packetsReceived += s.packetsReceived ?? 0;
      k.packetsLost += Math.max(0, s.packetsLost ?? 0);
      if (s.kind === 'video') { out.video.framesDecoded += s.framesDecoded ?? 0; if ((s.framesDecoded ?? 0) > 0) out.video.tracks += 1; }
    }
    if (s.type === 'outbound-rtp') out.sent[s.kind] += s.packetsSent ?? 0;
  });
  return out;
};

/** One browser participant: stanza in Node does the signalling (SDP over XMPP), the page does the media. */
async function browserParticipant({ emulator, browser, roomJid, defs }) {
  const XMPP = await import('stanza');
  const agent = await emulator.call('POST', '/__emulator/agents', { signaling: 'sdp', name: `Bench ${Math.random().toString(36).slice(2, 6)}` });
  const channel = await emulator.call('POST', '/api/v2/notifications/channels?connectionType=streaming', undefined, agent.accessToken);
  const client = XMPP.createClient({
    jid: agent.jabberId,
    server: agent.jabberId.split('@')[1],
    password: `authKey:${agent.accessToken}`,
    transports: { websocket: `${emulator.info.wsHost}/stream/channels/${channel.id}`, bosh: false },
    timeout: 5,
  });
  client.stanzas.define(defs);
  client.stanzas.define({ element: 'propose', namespace: 'urn:xmpp:jingle-message:0', path: 'message.ininPropose', fields: { sessionId: XMPP.JXT.attribute('id') } });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('XMPP session did not start')), 10_000);
    client.once('session:started', () => { clearTimeout(t); resolve(); });
    client.once('auth:failed', () => { clearTimeout(t); reject(new Error('auth failed')); });
    client.connect();
  });
  const page = await browser.newPage();
  await page.goto(`${emulator.base}/__emulator/health`); // a secure (loopback) origin for getUserMedia
  const answered = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no offer within 15 s')), 15_000);
    client.on('message', (msg) => { if (msg.ininPropose) client.sendMessage({ to: msg.from, proceed: { sessionId: msg.ininPropose.sessionId } }); });
    client.on('iq:set:genesysWebrtcText', async (iq) => {
      const rpc = JSON.parse(iq.genesysWebrtcText);
      if (rpc.method !== 'offer') return;
      try {
        const sdp = await page.evaluate(PAGE_ANSWER, rpc.params.sdp);
        await client.sendIQ({ type: 'set', to: iq.from, genesysWebrtcText: JSON.stringify({ jsonrpc: '2.0', id: String(Date.now()), method: 'answer', params: { sessionId: rpc.params.sessionId, sdp } }) });
        clearTimeout(t);
        resolve();
      } catch (err) { clearTimeout(t); reject(err); }
    });
  });
  await emulator.call('POST', '/api/v2/conversations/videos', { roomId: roomJid, participant: { address: agent.jabberId } }, agent.accessToken);
  await answered;
  return {
    agent,
    stats: () => page.evaluate(PAGE_STATS),
    close: async () => { await page.close().catch(() => undefined); client.disconnect(); },
  };
}

export async function runVideoRoomLoad({ browsers = 2, bots = 4, measureMs = 10_000, log = console.error } = {}) {
  const started = Date.now();
  await ensureTsx();
  const { SIGNALING_DEFINITIONS } = await import('../../emulator/conversations/signaling/stanzas.ts');
  const emulator = await startEmulatorChild();
  const chrome = browsers > 0 ? await launchChromium() : null;
  const peers = [];
  const result = { config: { participants: browsers + bots, browsers, bots, measureMs, emulator: 'child process (emulator/cli.ts)', media: 'browsers: Chromium fake camera 320x240@15 + fake mic; bots: Opus speech-like + VP8 320x240@15 clip' }, errors: [] };
  try {
    const { roomJid } = await emulator.call('POST', '/__emulator/video-rooms', { name: 'bench-load' });
    const room = () => emulator.call('GET', `/__emulator/video-rooms/${encodeURIComponent(roomJid)}`);
    for (let i = 0; i < bots; i++) await emulator.call('POST', `/__emulator/video-rooms/${encodeURIComponent(roomJid)}/bots`, { name: `Bot ${i + 1}` });
    for (let i = 0; i < browsers; i++) peers.push(await browserParticipant({ emulator, browser: chrome.browser, roomJid, defs: SIGNALING_DEFINITIONS }));
    // warm-up: every browser decodes video from everyone it can see
    const expectTracks = Math.min(5, browsers + bots - 1);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const stats = await Promise.all(peers.map((p) => p.stats()));
      if (stats.every((s) => s.video.tracks >= expectTracks)) break;
      if (Date.now() > deadline) { result.errors.push(`warm-up: browsers decode ${stats.map((s) => s.video.tracks).join('/')} of ${expectTracks} video tracks`); break; }
      await new Promise((r) => setTimeout(r, 250));
    }
    const before = { cpu: cpuTicks(emulator.child.pid), room: await room(), peers: await Promise.all(peers.map((p) => p.stats())), at: performance.now() };
    await new Promise((r) => setTimeout(r, measureMs));
    const after = { cpu: cpuTicks(emulator.child.pid), room: await room(), peers: await Promise.all(peers.map((p) => p.stats())), at: performance.now() };
    const seconds = (after.at - before.at) / 1000;
    const sum = (r, kind, field) => r.participants.reduce((n, p) => n + p.counters[kind][field], 0);
    const delta = (kind, field) => sum(after.room, kind, field) - sum(before.room, kind, field);
    const pageDelta = (kind, field) => after.peers.reduce((n, s, i) => n + s[kind][field] - before.peers[i][kind][field], 0);
    const received = { audio: pageDelta('audio', 'packetsReceived'), video: pageDelta('video', 'packetsReceived') };
    const lost = { audio: pageDelta('audio', 'packetsLost'), video: pageDelta('video', 'packetsLost') };
    result.emulator = {
      cpuPercentOfOneCore: Number(((100 * (after.cpu - before.cpu)) / TICKS_PER_S / seconds).toFixed(1)),
      rssMiB: rssMiB(emulator.child.pid),
      packetsInPerSecond: { audio: Math.round(delta('audio', 'rtpPacketsFromClient') / seconds), video: Math.round(delta('video', 'rtpPacketsFromClient') / seconds) },
      packetsForwardedPerSecond: Math.round((after.room.forwardedPackets - before.room.forwardedPackets) / seconds),
      packetsToBrowsersPerSecond: { audio: Math.round(delta('audio', 'rtpPacketsToClient') / seconds), video: Math.round(delta('video', 'rtpPacketsToClient') / seconds) },
    };
    result.browsers = {
      packetsReceivedPerSecond: { audio: Math.round(received.audio / seconds), video: Math.round(received.video / seconds) },
      lossPercent: {
        audio: Number(((100 * lost.audio) / Math.max(1, received.audio + lost.audio)).toFixed(2)),
        video: Number(((100 * lost.video) / Math.max(1, received.video + lost.video)).toFixed(2)),
      },
      framesDecodedPerSecondPerTrack: Number((pageDelta('video', 'framesDecoded') / seconds / Math.max(1, after.peers.reduce((n, s) => n + s.video.tracks, 0))).toFixed(1)),
      videoTracksDecoding: after.peers.map((s) => s.video.tracks),
      statusMessages: after.peers.map((s) => s.statuses),
    };
    result.measuredSeconds = Number(seconds.toFixed(1));
    log(`  room of ${browsers + bots}: emulator ${result.emulator.cpuPercentOfOneCore}% of a core, ${result.emulator.packetsForwardedPerSecond} packets forwarded/s, browser loss audio ${result.browsers.lossPercent.audio}% video ${result.browsers.lossPercent.video}%, ${result.browsers.framesDecodedPerSecondPerTrack} frames/s per decoded track`);
  } catch (err) {
    result.errors.push(String(err?.message ?? err));
  } finally {
    for (const p of peers) await p.close();
    await chrome?.close();
    await emulator.stop();
  }
  result.durationMs = Date.now() - started;
  return result;
}

// `node bench/scenarios/video-room-load.mjs [--browsers n] [--bots n] [--ms n]`: this scenario alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, d) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : d; };
  runVideoRoomLoad({ browsers: arg('--browsers', 2), bots: arg('--bots', 4), measureMs: arg('--ms', 10_000) }).then((r) => {
    console.log(JSON.stringify(r, null, 2));
    process.exit(r.errors.length ? 1 : 0);
  }, (err) => { console.error(err); process.exit(1); });
}
