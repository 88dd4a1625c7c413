/**
 * Build-time substitute for `stanza/Namespaces.js` (see build/stanza-slim.mjs and docs/bundle-size.md):
 * only the XML namespaces the bundled stanza modules and the engine read, with stanza's values.
 * test/node/stanza-slim-stream.test.ts checks that every `Namespaces_1.X` read by a bundled stanza
 * file (and every engine import) is here with the same value. A missing one: copy it from stanza.
 */
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
export const NS_CLIENT = 'jabber:client';
export const NS_DATAFORM = 'jabber:x:data';
export const NS_DISCO_EXTERNAL_1 = 'urn:xmpp:extdisco:1';
export const NS_DISCO_EXTERNAL_2 = 'urn:xmpp:extdisco:2';
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
export const NS_DISCO_LEGACY_CAPS = 'http://jabber.org/protocol/caps';
export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const NS_JINGLE_1 = 'urn:xmpp:jingle:1';
export const NS_JINGLE_DTLS_0 = 'urn:xmpp:jingle:apps:dtls:0';
export const NS_JINGLE_DTLS_SCTP_1 = 'urn:xmpp:jingle:transports:dtls-sctp:1';
export const NS_JINGLE_ERRORS_1 = 'urn:xmpp:jingle:errors:1';
export const NS_JINGLE_FILE_TRANSFER_4 = 'urn:xmpp:jingle:apps:file-transfer:4';
export const NS_JINGLE_FILE_TRANSFER_5 = 'urn:xmpp:jingle:apps:file-transfer:5';
export const NS_JINGLE_GROUPING_0 = 'urn:xmpp:jingle:apps:grouping:0';
export const NS_JINGLE_ICE_0 = 'urn:xmpp:jingle:transports:ice:0';
export const NS_JINGLE_ICE_UDP_1 = 'urn:xmpp:jingle:transports:ice-udp:1';
export const NS_JINGLE_RAW_UDP_1 = 'urn:xmpp:jingle:transports:raw-udp:1';
export const NS_JINGLE_RTP_1 = 'urn:xmpp:jingle:apps:rtp:1';
export const NS_JINGLE_RTP_AUDIO = 'urn:xmpp:jingle:apps:rtp:audio';
export const NS_JINGLE_RTP_HDREXT_0 = 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0';
export const NS_JINGLE_RTP_INFO_1 = 'urn:xmpp:jingle:apps:rtp:info:1';
export const NS_JINGLE_RTP_MSID_0 = 'urn:xmpp:jingle:apps:rtp:msid:0';
export const NS_JINGLE_RTP_RTCP_FB_0 = 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0';
export const NS_JINGLE_RTP_SSMA_0 = 'urn:xmpp:jingle:apps:rtp:ssma:0';
export const NS_JINGLE_RTP_VIDEO = 'urn:xmpp:jingle:apps:rtp:video';
export const NS_JSON_0 = 'urn:xmpp:json:0';
export const NS_JSON_MESSAGE_0 = 'urn:xmpp:json-msg:0';
export const NS_PING = 'urn:xmpp:ping';
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner';
export const NS_ROSTER = 'jabber:iq:roster';
export const NS_ROSTER_VERSIONING = 'urn:xmpp:features:rosterver';
export const NS_RSM = 'http://jabber.org/protocol/rsm';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';
export const NS_SHIM = 'http://jabber.org/protocol/shim';
export const NS_SID_0 = 'urn:xmpp:sid:0';
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const NS_STARTTLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_STREAM = 'http://etherx.jabber.org/streams';
export const NS_STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';
export const NS_SUBSCRIPTION_PREAPPROVAL = 'urn:xmpp:features:pre-approval';
