/**
 * What the engine used from stanza's Jingle plugin (stanza/plugins/jingle.js), without its
 * session manager (the engine does Jingle itself and removes that plugin's `iq:set:jingle`
 * listener): the disco features it advertised in a browser with RTCPeerConnection, and the
 * XEP-0215 `getServices` / `getServiceCredentials` helpers (ICE server discovery).
 */
import type { Agent } from 'stanza';
import * as NS from 'stanza/Namespaces';

const FEATURES = [
  NS.NS_JINGLE_1,
  NS.NS_JINGLE_ICE_0, NS.NS_JINGLE_ICE_UDP_1, NS.NS_JINGLE_DTLS_SCTP_1, NS.NS_JINGLE_DTLS_0, 'urn:ietf:rfc:5888',
  NS.NS_JINGLE_RTP_1, NS.NS_JINGLE_RTP_RTCP_FB_0, NS.NS_JINGLE_RTP_HDREXT_0, 'urn:ietf:rfc:5576',
  NS.NS_JINGLE_RTP_AUDIO, NS.NS_JINGLE_RTP_VIDEO,
  NS.NS_JINGLE_FILE_TRANSFER_4, NS.NS_JINGLE_FILE_TRANSFER_5,
];

export default function jingleExtdisco(client: Agent): void {
  if (typeof RTCPeerConnection !== 'undefined') {
    for (const feature of FEATURES) client.disco.addFeature(feature);
  } else {
    client.disco.addFeature(NS.NS_JINGLE_1);
  }
  client.getServices = async (jid, type, version) => {
    const resp = await client.sendIQ({ externalServices: { type, version }, to: jid, type: 'get' });
    const services = resp.externalServices;
    services.services = services.services || [];
    return services;
  };
  client.getServiceCredentials = async (jid, host, type, port, version) => {
    const resp = await client.sendIQ({ externalServiceCredentials: { host, port, type, version }, to: jid, type: 'get' });
    return resp.externalServiceCredentials;
  };
}
