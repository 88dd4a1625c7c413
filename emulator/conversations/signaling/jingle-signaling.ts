/**
 * Flavour A — Jingle (research/streaming-protocol.md §4.4). The cloud sends session-initiate
 * (offer with inline host candidates) and session-terminate; the client's session-accept,
 * transport-info, session-info and session-terminate each get a result.
 */
import { jingleToCandidates, jingleToSdp, sdpToJingle } from '../../media/jingle-sdp';
import { MediaError } from '../../media/media-error';
import * as ids from '../../world/ids';
import type { EndpointReply, InboundStanza } from '../../xmpp/routing';
import type { IqStanza } from '../../xmpp/stanzas';
import type { XmppServer } from '../../xmpp/server';
import type { SessionOps } from './session-ops';
import type { SignalingSession } from './session';
import { iqErrorWithText, unknownSessionError } from './stanzas';

const INITIATE_TIMEOUT_MS = 15000;

export class JingleSignaling {
  constructor(
    private readonly xmpp: XmppServer,
    private readonly ops: SessionOps,
  ) {}

  /** session-initiate; rejects when the client answers with an error or not at all. */
  async sendOffer(session: SignalingSession, sdp: string): Promise<void> {
    const target = session.targetJid as string;
    const { contents, groups } = sdpToJingle(sdp, 'initiator');
    const reply = await this.xmpp.request(
      target,
      {
        type: 'set',
        id: `si-${session.id}`,
        from: session.gatewayJid,
        jingle: { action: 'session-initiate', sid: session.id, initiator: session.gatewayJid, contents, groups },
      } as IqStanza,
      INITIATE_TIMEOUT_MS,
    );
    if (reply.type === 'error') throw new Error(`client refused session-initiate: ${reply.error?.condition ?? 'error'}`);
  }

  sendTerminate(session: SignalingSession, condition: string): void {
    if (!session.targetJid) return;
    this.xmpp.sendTo(session.targetJid, 'iq', {
      type: 'set',
      id: `st-${ids.uuid()}`,
      from: session.gatewayJid,
      jingle: { action: 'session-terminate', sid: session.id, reason: { condition } },
    } as IqStanza);
  }

  handleIq(stanza: InboundStanza & { kind: 'iq' }, reply: EndpointReply): void {
    const { json } = stanza;
    const jingle = json.jingle;
    if (!jingle) return reply.error('bad-request', 'modify');
    const session = this.ops.session(jingle.sid);
    if (!session || session.targetJid !== stanza.from) {
      // A terminate for an unknown sid gets a plain result (stanza re-sends one after ending).
      if (jingle.action === 'session-terminate') return reply.result();
      return reply.send('iq', unknownSessionError(json.id, stanza.to, stanza.from));
    }
    const fail = (err: unknown, condition: string) => {
      reply.send('iq', iqErrorWithText(json.id, stanza.to, stanza.from, 'bad-request', String((err as Error)?.message ?? err)));
      this.ops.fail(session, condition, err);
    };
    switch (jingle.action) {
      case 'session-accept':
        void session.enqueue(async () => {
          try {
            await this.ops.applyAnswer(session, jingleToSdp(jingle, 'responder'));
            reply.result();
          } catch (err) {
            fail(err, 'failed-application');
          }
        });
        return;
      case 'transport-info':
        void session.enqueue(async () => {
          try {
            for (const candidate of jingleToCandidates(jingle.contents ?? [])) await this.ops.addCandidate(session, candidate);
            reply.result();
          } catch (err) {
            fail(err, err instanceof MediaError && err.code === 'bad-candidate' ? 'failed-transport' : 'failed-application');
          }
        });
        return;
      case 'session-info': {
        // screen-start/stop come without an IQ id (sent with send('iq')): nothing to answer then.
        if (json.id !== undefined) reply.result();
        const el = stanza.xml.getChild('jingle');
        if (el?.getChild('active')) this.ops.clientActive(session);
        for (const type of ['mute', 'unmute'] as const) {
          const child = el?.getChild(type);
          const media = child?.attributes.name;
          if (child && (media === 'audio' || media === 'video')) {
            this.ops.clientInfo(session, { type, media, ...(child.attributes.creator ? { creator: child.attributes.creator } : {}) });
          }
        }
        if (el?.getChild('screen-start')) this.ops.clientInfo(session, { type: 'screen-start' });
        if (el?.getChild('screen-stop')) this.ops.clientInfo(session, { type: 'screen-stop' });
        return;
      }
      case 'session-terminate':
        reply.result();
        this.ops.clientTerminated(session, jingle.reason?.condition ?? 'success');
        return;
      default:
        reply.error('feature-not-implemented');
    }
  }
}
