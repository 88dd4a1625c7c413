// Child process of the emulator-load scenario: many agents, each a raw WebSocket doing the real
// streaming handshake (REST channel + bulk subscription, RFC 7395 <open/>, SASL PLAIN with
// authKey:<token>, stream restart, bind, session), then
//   * receiving the pubsub notifications the parent publishes (latency = receive − sentAt, with
//     the parent↔child clock offset measured over IPC), and
//   * sending XMPP messages to the next agent's bare JID, routed by the emulator (latency measured
//     on this process's clock only).
// Driven by IPC messages from bench/scenarios/emulator-load.mjs; exits when told or when the
// parent goes away. All traffic goes to 127.0.0.1.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

const epochNow = () => performance.timeOrigin + performance.now();
const agents = [];
let base = '';
let clockOffset = 0; // parent clock − child clock (ms)
let notifLatencies = [];
let msgLatencies = [];
let msgSent = 0;
let msgReceived = 0;
let notifReceived = 0;
let sendTimer = null;
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function send(msg) { if (process.connected) process.send(msg); }
process.on('disconnect', () => shutdown(0));

async function http(method, path, { token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}

const OPEN = (domain) => `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`;

/** One agent: REST bootstrap then the XMPP handshake; resolves when bound. */
async function connectAgent(index) {
  const t0 = performance.now();
  const info = await http('POST', '/__emulator/agents', { body: { name: `load ${index}` } });
  const channel = await http('POST', '/api/v2/notifications/channels?connectionType=streaming', { token: info.accessToken, body: {} });
  const topic = `v2.users.${info.userId}.conversations`;
  await http('PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, { token: info.accessToken, body: [{ id: topic }] });
  const domain = info.jabberId.split('@')[1];
  const agent = { index, userId: info.userId, jid: info.jabberId, topic, ws: null, bound: false };
  await new Promise((resolve, reject) => {
    const ws = new WebSocket(channel.connectUri, 'xmpp');
    agent.ws = ws;
    let stage = 'open1';
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`handshake timeout at ${stage}`)); }, 20000);
    ws.on('error', (e) => { clearTimeout(timer); reject(e); });
    ws.on('close', () => { agent.bound = false; });
    ws.on('open', () => ws.send(OPEN(domain)));
    ws.on('message', (data) => {
      const text = data.toString();
      if (agent.bound) return onStanza(agent, text);
      if (stage === 'open1' && /<mechanism>PLAIN<\/mechanism>/.test(text)) {
        stage = 'auth';
        const creds = Buffer.from(`\0${info.jabberId}\0authKey:${info.accessToken}`).toString('base64');
        ws.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${creds}</auth>`);
      } else if (stage === 'auth' && text.startsWith('<success')) {
        stage = 'open2';
        ws.send(OPEN(domain));
      } else if (stage === 'auth' && text.startsWith('<failure')) {
        clearTimeout(timer); reject(new Error('SASL failure'));
      } else if (stage === 'open2' && /urn:ietf:params:xml:ns:xmpp-bind/.test(text) && /features/.test(text)) {
        stage = 'bind';
        ws.send(`<iq xmlns="jabber:client" type="set" id="bind-1"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>load-${index}</resource></bind></iq>`);
      } else if (stage === 'bind' && /id="bind-1"/.test(text)) {
        if (!/type="result"/.test(text)) { clearTimeout(timer); reject(new Error('bind failed')); return; }
        stage = 'session';
        ws.send('<iq xmlns="jabber:client" type="set" id="sess-1"><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></iq>');
      } else if (stage === 'session' && /id="sess-1"/.test(text)) {
        clearTimeout(timer);
        agent.bound = true;
        resolve();
      }
    });
  });
  agent.handshakeMs = performance.now() - t0;
  return agent;
}

const SENT_AT_NOTIF = /sentAt(?:&quot;|")\s*:\s*([0-9.]+)/;
const SENT_AT_MSG = /<body>bench:([0-9.]+)<\/body>/;
function onStanza(agent, text) {
  if (text.startsWith('<message')) {
    if (text.includes('pubsub#event')) {
      const m = SENT_AT_NOTIF.exec(text);
      if (m) { notifReceived += 1; notifLatencies.push(epochNow() + clockOffset - Number(m[1])); }
      return;
    }
    const m = SENT_AT_MSG.exec(text);
    if (m) { msgReceived += 1; msgLatencies.push(epochNow() - Number(m[1])); }
    return;
  }
  if (text.startsWith('<iq') && /type="get"/.test(text) && /urn:xmpp:ping/.test(text)) {
    // server-side ping: answer it like a client would
    const id = /id="([^"]+)"/.exec(text)?.[1];
    if (id) agent.ws.send(`<iq xmlns="jabber:client" type="result" id="${id}"/>`);
  }
}

/** Adds agents until `count` are bound (bounded concurrency). */
async function growTo(count, concurrency = 16) {
  const handshakes = [];
  const failures = [];
  let next = agents.length;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const a = await connectAgent(i);
        agents.push(a);
        handshakes.push(a.handshakeMs);
      } catch (err) {
        failures.push(String(err?.message ?? err));
        if (failures.length > 20) return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { handshakes, failures: failures.slice(0, 5), failureCount: failures.length, connected: agents.filter((a) => a.bound).length };
}

/** Every agent sends `ratePerAgent` messages/s to the next agent, spread evenly over time. */
function startMessages(ratePerAgent, durationMs) {
  const live = agents.filter((a) => a.bound);
  const total = Math.round(live.length * ratePerAgent * (durationMs / 1000));
  const started = performance.now();
  let done = 0;
  let k = 0;
  clearInterval(sendTimer);
  sendTimer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / durationMs) * total));
    while (done < due) {
      const from = live[k % live.length];
      const to = live[(k + 1) % live.length];
      k += 1;
      done += 1;
      if (from.ws.readyState !== WebSocket.OPEN) continue;
      from.ws.send(`<message xmlns="jabber:client" to="${to.jid}" type="chat" id="m${k}"><body>bench:${epochNow().toFixed(3)}</body></message>`);
      msgSent += 1;
    }
    if (done >= total) { clearInterval(sendTimer); sendTimer = null; }
  }, 5);
}

function collect() {
  const out = {
    notifLatencies, msgLatencies, msgSent, msgReceived, notifReceived,
    eventLoopDelayP99Ms: Number((lag.percentile(99) / 1e6).toFixed(1)),
    eventLoopDelayMaxMs: Number((lag.max / 1e6).toFixed(1)),
  };
  notifLatencies = []; msgLatencies = []; msgSent = 0; msgReceived = 0; notifReceived = 0;
  lag.reset();
  return out;
}

function shutdown(code) {
  clearInterval(sendTimer);
  for (const a of agents) { try { a.ws.terminate(); } catch { /* gone */ } }
  process.exit(code);
}

// clock offset: several IPC round trips, keep the one with the smallest RTT
let clockSamples = [];
let clockResolve = null;
function measureClock() {
  clockSamples = [];
  return new Promise((resolve) => {
    clockResolve = resolve;
    const ask = () => send({ type: 'clock?', t0: epochNow() });
    ask();
    clockResolve.ask = ask;
  });
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'init') {
      base = msg.base;
      send({ type: 'ready' });
    } else if (msg.type === 'clock!') {
      const t1 = epochNow();
      clockSamples.push({ rtt: t1 - msg.t0, offset: msg.tp - (msg.t0 + t1) / 2 });
      if (clockSamples.length < 9) clockResolve.ask();
      else {
        clockSamples.sort((a, b) => a.rtt - b.rtt);
        clockOffset = clockSamples[0].offset;
        clockResolve({ offsetMs: clockOffset, rttMs: clockSamples[0].rtt });
      }
    } else if (msg.type === 'grow') {
      const r = await growTo(msg.count);
      const clock = await measureClock();
      send({ type: 'grown', ...r, clock, agents: agents.filter((a) => a.bound).map((a) => a.topic) });
    } else if (msg.type === 'messages') {
      startMessages(msg.ratePerAgent, msg.durationMs);
      send({ type: 'messages-started' });
    } else if (msg.type === 'collect') {
      send({ type: 'collected', ...collect() });
    } else if (msg.type === 'exit') {
      shutdown(0);
    }
  } catch (err) {
    send({ type: 'error', error: String(err?.stack ?? err) });
  }
});
// hard bound: never outlive the bench by more than 15 minutes
setTimeout(() => shutdown(3), 15 * 60 * 1000).unref();
send({ type: 'spawned' });
