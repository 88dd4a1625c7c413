// Published declarations only (rollup.dts.config.mjs): the one stanza type our public types
// mention (`sdk._streamingConnection.stanza`, an internal escape hatch), so that consumers need
// no stanza typings. The engine's own code is checked against stanza's real types.
/** The XMPP client of the streaming connection (stanza's `Agent`), reduced to what the SDK calls. */
export interface Agent {
  sendIQ(iq: object): Promise<unknown>;
  sendMessage(message: object): string;
  send(kind: string, stanza: object): Promise<void>;
  disconnect(): Promise<void> | void;
}
