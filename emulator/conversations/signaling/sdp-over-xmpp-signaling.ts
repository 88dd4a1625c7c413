/**
 * Flavour B — SDP over XMPP (research/streaming-protocol.md §4.5): JSON-RPC 2.0 in
 * `<genesys-webrtc xmlns="genesys">`. The client never acknowledges the cloud's IQs (offer,
 * terminate), so nothing here waits for them; every client IQ gets a result, or an IQ error
 * carrying a JSON-RPC error. Candidates travel inline in the offer; `a=end-of-candidates`
 * is never sent (the client's fragment parser throws on it).
 */
import { parseCandidateFragment } from '../../media/jingle-sdp';
import * as ids from '../../world/ids';
import type { EndpointReply, InboundStanza } from '../../xmpp/routing';
import type { XmppServer } from '../../xmpp/server';
import type { SessionOps } from './session-ops';
import type { SignalingSession } from './session';
import { errorElement, genesysIq } from './stanzas';

interface RpcRequest {
  jsonrpc?: string;
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
}

export class SdpOverXmppSignaling {
  constructor(
    private readonly xmpp: XmppServer,
    private readonly ops: SessionOps,
  ) {}

  sendOffer(session: SignalingSession, sdp: string, conversationId: string): void {
    const offer = sdp.replace(/^a=end-of-candidates\r?\n/gm, '');
    this.send(session, 'offer', { sessionId: session.id, conversationId, sdp: offer });
  }

  sendTerminate(session: SignalingSession, reason: string): void {
    this.send(session, 'terminate', { sessionId: session.id, reason });
  }

  handleIq(stanza: InboundStanza & { kind: 'iq' }, reply: EndpointReply, text: string): void {
    let rpc: RpcRequest;
    try {
      rpc = JSON.parse(text) as RpcRequest;
      if (!rpc || typeof rpc !== 'object' || typeof rpc.method !== 'string') throw new Error('not a JSON-RPC request');
    } catch (err) {
      return this.error(stanza, reply, undefined, -32700, `parse error: ${(err as Error).message}`);
    }
    const params = rpc.params && typeof rpc.params === 'object' ? rpc.params : {};
    const sid = typeof params.sessionId === 'string' ? params.sessionId : undefined;
    const session = this.ops.session(sid);
    if (!session || session.targetJid !== stanza.from) {
      if (rpc.method === 'terminate') return reply.result();
      return this.error(stanza, reply, rpc.id, -32001, `unknown session ${sid ?? ''}`, 'item-not-found');
    }
    const fail = (err: unknown, condition: string) => {
      this.error(stanza, reply, rpc.id, -32602, String((err as Error)?.message ?? err));
      this.ops.fail(session, condition, err);
    };
    switch (rpc.method) {
      case 'answer':
        void session.enqueue(async () => {
          try {
            if (typeof params.sdp !== 'string') throw new Error('answer without sdp');
            await this.ops.applyAnswer(session, params.sdp);
            reply.result();
          } catch (err) {
            fail(err, 'failed-application');
          }
        });
        return;
      case 'iceCandidate':
        void session.enqueue(async () => {
          try {
            const candidate = parseCandidateFragment(params.sdp as string);
            if (candidate) await this.ops.addCandidate(session, candidate);
            reply.result();
          } catch (err) {
            fail(err, 'failed-transport');
          }
        });
        return;
      case 'info':
        reply.result();
        if (params.status === 'active') this.ops.clientActive(session);
        return;
      case 'terminate':
        reply.result();
        this.ops.clientTerminated(session, typeof params.reason === 'string' ? params.reason : 'success');
        return;
      case 'mute':
      case 'unmute':
        reply.result();
        if (params.type === 'audio' || params.type === 'video') this.ops.clientInfo(session, { type: rpc.method, media: params.type });
        return;
      case 'screenStart':
      case 'screen-start':
      case 'screenStop':
      case 'screen-stop':
        reply.result();
        this.ops.clientInfo(session, { type: /start/i.test(rpc.method) ? 'screen-start' : 'screen-stop' });
        return;
      default:
        // report-statistics and anything newer: acknowledged, nothing to do.
        reply.result();
    }
  }

  private send(session: SignalingSession, method: string, params: Record<string, unknown>): void {
    if (!session.targetJid) return;
    const rpc = { jsonrpc: '2.0', id: ids.uuid(), method, params };
    this.xmpp.sendTo(session.targetJid, 'iq', genesysIq({ type: 'set', id: `gw-${ids.uuid()}`, from: session.gatewayJid, to: session.targetJid }, rpc));
  }

  private error(
    stanza: InboundStanza & { kind: 'iq' },
    reply: EndpointReply,
    id: string | number | undefined,
    code: number,
    message: string,
    condition = 'bad-request',
  ): void {
    const rpc = { jsonrpc: '2.0', id: id ?? null, error: { code, message } };
    reply.send(
      'iq',
      genesysIq({ type: 'error', id: stanza.json.id ?? '', from: stanza.to, to: stanza.from }, rpc, errorElement(condition, 'modify')),
    );
  }
}
