// The emulator, started in-process (TypeScript through tsx, registered by bench/run.mjs), and a
// small client for its control API. Everything listens on 127.0.0.1 only.
let tsxRegistered = false;
export async function ensureTsx() {
  if (tsxRegistered) return;
  const { register } = await import('tsx/esm/api');
  register();
  tsxRegistered = true;
}

// Emulator-side trace of the media path (epoch ms on the host clock, the same clock as a page's
// performance.timeOrigin + now()): createOffer, applyAnswer, each client candidate, ICE and
// connection states, first RTP each way. The bench wraps the werift peers' methods; the emulator
// itself is unchanged. Read with `trace(sinceEpochMs)`; bounded.
const traceLog = [];
const TRACE_MAX = 20000;
const epochNow = () => performance.timeOrigin + performance.now();
function traceAdd(what) {
  if (traceLog.length >= TRACE_MAX) traceLog.splice(0, TRACE_MAX / 2);
  traceLog.push({ at: epochNow(), what });
}
/** A DTLS record's content type (and handshake message type). */
function dtlsKind(data) {
  const type = { 20: 'ccs', 21: 'alert', 22: 'handshake', 23: 'appdata' }[data[0]] ?? `type ${data[0]}`;
  if (data[0] !== 22) return type;
  const epoch = data.readUInt16BE(3);
  if (epoch > 0) return 'handshake (encrypted)';
  return `handshake ${({ 1: 'ClientHello', 2: 'ServerHello', 3: 'HelloVerifyRequest', 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone', 15: 'CertificateVerify', 16: 'ClientKeyExchange', 20: 'Finished' })[data[13]] ?? data[13]}`;
}

function wrapPeerClass(Peer, tag) {
  const proto = Peer.prototype;
  if (proto.__benchTraced) return;
  proto.__benchTraced = true;
  for (const name of ['createOffer', 'applyAnswer', 'addRemoteCandidate']) {
    const orig = proto[name];
    proto[name] = async function traced(...args) {
      const start = epochNow();
      if (name === 'createOffer' && !this.__benchStateHooked) {
        this.__benchStateHooked = true;
        let last = '';
        this.onState((st) => {
          const key = `${st.iceConnectionState}/${st.connectionState}`;
          if (key !== last) { last = key; traceAdd(`${tag} ice ${st.iceConnectionState} / pc ${st.connectionState}`); }
        });
      }
      if (name === 'applyAnswer' && !this.__benchDtlsHooked) {
        // DTLS records from the client as they reach werift's ICE connection (dropped by werift
        // while its DTLS transport has not started), and DTLS records werift sends
        this.__benchDtlsHooked = true;
        try {
          for (const dt of this.pc.dtlsTransports ?? []) {
            const conn = dt.iceTransport.connection;
            let nIn = 0;
            let nOut = 0;
            conn.onData.subscribe((data) => {
              if (nIn < 12 && data[0] >= 20 && data[0] <= 63) { nIn += 1; traceAdd(`${tag} dtls in ${dtlsKind(data)} (dtls ${dt.state})`); }
            });
            const send = conn.send.bind(conn);
            conn.send = (data) => {
              if (nOut < 12 && data[0] >= 20 && data[0] <= 63) { nOut += 1; traceAdd(`${tag} dtls out ${dtlsKind(data)}`); }
              return send(data);
            };
          }
        } catch { /* werift internals moved: no DTLS trace */ }
      }
      try {
        return await orig.apply(this, args);
      } finally {
        let extra = name === 'addRemoteCandidate' ? ` ${(String(args[0]?.candidate ?? '').match(/ typ (\w+)/) || [])[1] ?? 'end'}` : '';
        if (name === 'applyAnswer' && typeof args[0] === 'string') {
          const sdp = args[0];
          extra = ` [setup ${(sdp.match(/a=setup:(\w+)/) || [])[1] ?? '?'}, fingerprint ${(sdp.match(/a=fingerprint:(\S+)/) || [])[1] ?? '?'}, ${(sdp.match(/a=candidate:/g) || []).length} candidates, ${(sdp.match(/^m=/gm) || []).length} m-lines]`;
        }
        traceLog.push({ at: start, end: epochNow(), what: `${tag} ${name}${extra}` });
      }
    };
  }
  if (typeof proto.sendToAgent === 'function') {
    const orig = proto.sendToAgent;
    proto.sendToAgent = function traced(kind, ...rest) {
      if (!this.__benchFirstOut && this.state?.connectionState === 'connected') { this.__benchFirstOut = true; traceAdd(`${tag} first RTP to the client (${kind})`); }
      return orig.call(this, kind, ...rest);
    };
  }
}

/** The SFU's video sinks: when the first video RTP and the first VP8 key frame go out to the client. */
function wrapSfuSinks(Peer, isKeyFrameStart) {
  const proto = Peer.prototype;
  if (typeof proto.sink !== 'function' || proto.__benchSinkTraced) return;
  proto.__benchSinkTraced = true;
  const orig = proto.sink;
  proto.sink = function traced(kind, slot) {
    const sink = orig.call(this, kind, slot);
    if (kind !== 'video') return sink;
    const send = sink.send;
    sink.send = (rtp) => {
      if (this.state?.connectionState === 'connected') {
        if (!this.__benchFirstVideo) { this.__benchFirstVideo = true; traceAdd(`sfu first video RTP to the client (${isKeyFrameStart(rtp.payload) ? 'key frame' : 'delta'})`); }
        if (!this.__benchFirstKey && isKeyFrameStart(rtp.payload)) { this.__benchFirstKey = true; traceAdd('sfu first video key frame to the client'); }
      }
      return send(rtp);
    };
    return sink;
  };
}

export async function startBenchEmulator(options = {}) {
  await ensureTsx();
  const { startEmulator } = await import('../../emulator/index.ts');
  try {
    wrapPeerClass((await import('../../emulator/media/media-leg.ts')).MediaLeg, 'leg');
    const { SfuPeer } = await import('../../emulator/media/sfu/sfu-peer.ts');
    wrapPeerClass(SfuPeer, 'sfu');
    wrapSfuSinks(SfuPeer, (await import('../../emulator/media/vp8/vp8-rtp.ts')).isVp8KeyFrameStart);
  } catch (err) {
    console.error(`bench: emulator trace unavailable (${err?.message ?? err})`);
  }
  const emu = await startEmulator({ port: 0, host: '127.0.0.1', verbose: false, ...options });
  const base = emu.info.environment;
  async function control(method, path, body) {
    const res = await fetch(`${base}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }
  /** The emulator-side media trace since `sinceEpoch`, in ms relative to it. */
  const trace = (sinceEpoch, untilEpoch = Infinity) => traceLog
    .filter((e) => e.at >= sinceEpoch && e.at <= untilEpoch)
    .map((e) => ({ t: Math.round((e.at - sinceEpoch) * 10) / 10, what: e.end !== undefined ? `emu ${e.what} (${(e.end - e.at).toFixed(1)} ms)` : `emu ${e.what}` }));
  return { emu, base, wsHost: emu.info.wsHost, control, trace, close: () => emu.close() };
}
