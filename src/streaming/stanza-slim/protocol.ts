/**
 * Build-time substitute for `stanza/protocol/index.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md): only the XMPP payload definitions the engine sends or reads, in
 * stanza's own order. Elements with no definition are ignored when parsing (an IQ whose only
 * payload is unknown still gets stanza's automatic `service-unavailable` reply, as before).
 * The Genesys-specific payloads are added at runtime from ../stanza-definitions.ts.
 */
import { JINGLE_INFO_MUTE } from 'stanza/Constants';
import { pubsubItemContentAliases } from 'stanza/jxt';
import { NS_JINGLE_RTP_1, NS_JINGLE_RTP_INFO_1, NS_JSON_0 } from 'stanza/Namespaces';
import rfc3921 from 'stanza/protocol/rfc3921'; // session establishment
import rfc6120 from 'stanza/protocol/rfc6120'; // stream, SASL, bind, stanza and stream errors
import rfc6121 from 'stanza/protocol/rfc6121'; // message body/subject/thread, presence basics
import rfc7395 from 'stanza/protocol/rfc7395'; // WebSocket framing (<open/>, <close/>)
import xep0030 from 'stanza/protocol/xep0030'; // service discovery (disco plugin)
import xep0059 from 'stanza/protocol/xep0059'; // result set management (pubsub paging)
import xep0060 from 'stanza/protocol/xep0060'; // pubsub subscribe/unsubscribe and events
import xep0115 from 'stanza/protocol/xep0115'; // entity capabilities (disco plugin)
import xep0166 from 'stanza/protocol/xep0166'; // Jingle
import xep0167 from 'stanza/protocol/xep0167'; // Jingle RTP (incl. rtcp-fb, hdrext, ssma, msid)
import xep0176 from 'stanza/protocol/xep0176'; // Jingle ICE-UDP
import xep0177 from 'stanza/protocol/xep0177'; // Jingle raw UDP
import xep0199 from 'stanza/protocol/xep0199'; // ping
import xep0215 from 'stanza/protocol/xep0215'; // external service discovery (TURN/STUN)
import xep0320 from 'stanza/protocol/xep0320'; // Jingle DTLS fingerprints
import xep0335 from 'stanza/protocol/xep0335'; // JSON containers (pubsub notification payloads)
import xep0338 from 'stanza/protocol/xep0338'; // Jingle grouping (BUNDLE)
import xep0343 from 'stanza/protocol/xep0343'; // Jingle DTLS-SCTP (data channels)
import xep0359 from 'stanza/protocol/xep0359'; // <origin-id/> that sendMessage adds

/**
 * stanza's registry keeps one translator per path, and a path's type field is declared by
 * whichever definition has `typeField`; for these paths that is only in definitions left out
 * above (XEP-0234 file transfer / XEP-0247 for `jingle.contents.application` and `jingle.info`,
 * atom/bookmarks/… for pubsub item content). Re-declaring one kept element per path with its
 * `typeField` gives the parsed objects the same `applicationType` / `infoType` / `itemType` as
 * the full protocol (checked by comparing both registries; see docs/bundle-size.md).
 */
const TYPE_FIELDS = [
  { element: 'description', namespace: NS_JINGLE_RTP_1, path: 'iq.jingle.contents.application', type: NS_JINGLE_RTP_1, typeField: 'applicationType' },
  { element: 'mute', namespace: NS_JINGLE_RTP_INFO_1, path: 'iq.jingle.info', type: JINGLE_INFO_MUTE, typeField: 'infoType' },
  { element: 'json', namespace: NS_JSON_0, aliases: pubsubItemContentAliases(), type: NS_JSON_0, typeField: 'itemType' },
];

const Protocol = [
  rfc3921, rfc6120, rfc6121, rfc7395,
  xep0030, xep0059, xep0060, xep0115, xep0166, xep0167, xep0176, xep0177,
  xep0199, xep0215, xep0320, xep0335, xep0338, xep0343, xep0359,
  TYPE_FIELDS,
];
export default Protocol;
