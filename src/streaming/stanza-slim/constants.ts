/**
 * Build-time substitute for `stanza/Constants.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md). stanza's Constants is one CommonJS module, so bundlers keep all of it
 * (user moods/activities, MUC, data forms, chat states, …). This is the part the bundled stanza
 * modules (rfc6120, xep0060, xep0166, xep0167, jingle/sdp/Protocol, transports/websocket) and the
 * engine use, with stanza 12's values; test/node/stanza-slim.test.ts checks them against the real
 * module and that every `Constants_1.X` used by a bundled stanza file is here. An ES import of a
 * name that is missing fails the build; add it here from stanza's Constants.js.
 */
import { NS_JINGLE_RTP_INFO_1 } from 'stanza/Namespaces';

export const VERSION = '12.22.1';

export const StreamType = {
  Bosh: 'http://jabber.org/protocol/httpbind',
  Client: 'jabber:client',
  Component: 'jabber:component:accept',
  Server: 'jabber:server'
} as const;
export const SASLFailureCondition = {
  AccountDisabled: 'account-disabled',
  CredentialsExpired: 'credentials-expired',
  EncryptionRequired: 'encryption-required',
  IncorrectEncoding: 'incorrect-encoding',
  InvalidAuthzid: 'invalid-authzid',
  InvalidMechanism: 'invalid-mechanism',
  MalformedRequest: 'malformed-request',
  MechanismTooWeak: 'mechanism-too-weak',
  NotAuthorized: 'not-authorized',
  TemporaryAuthFailure: 'temporary-auth-failure'
} as const;
export const StreamErrorCondition = {
  BadFormat: 'bad-format',
  BadNamespacePrefix: 'bad-namespace-prefix',
  Conflict: 'conflict',
  ConnectionTimeout: 'connection-timeout',
  HostGone: 'host-gone',
  HostUnknown: 'host-unknown',
  ImproperAddressing: 'improper-addressing',
  InternalServerError: 'internal-server-error',
  InvalidFrom: 'invalid-from',
  InvalidId: 'invalid-id',
  InvalidNamespace: 'invalid-namespace',
  InvalidXML: 'invalid-xml',
  NotAuthorized: 'not-authorized',
  NotWellFormed: 'not-well-formed',
  PolicyViolation: 'policy-violation',
  RemoteConnectionFailed: 'remote-connection-failed',
  Reset: 'reset',
  ResourceConstraint: 'resource-constraint',
  RestrictedXML: 'restricted-xml',
  SeeOtherHost: 'see-other-host',
  SystemShutdown: 'system-shutdown',
  UndefinedCondition: 'undefined-condition',
  UnsupportedEncoding: 'unsupported-encoding',
  UnsupportedStanzaType: 'unsupported-stanza-type',
  UnsupportedVersion: 'unsupported-version'
} as const;
export const StanzaErrorCondition = {
  BadRequest: 'bad-request',
  Conflict: 'conflict',
  FeatureNotImplemented: 'feature-not-implemented',
  Forbidden: 'forbidden',
  Gone: 'gone',
  InternalServerError: 'internal-server-error',
  ItemNotFound: 'item-not-found',
  JIDMalformed: 'jid-malformed',
  NotAcceptable: 'not-acceptable',
  NotAllowed: 'not-allowed',
  NotAuthorized: 'not-authorized',
  PolicyViolation: 'policy-violation',
  RecipientUnavailable: 'recipient-unavailable',
  Redirect: 'redirect',
  RegistrationRequired: 'registration-required',
  RemoteServerNotFound: 'remote-server-not-found',
  RemoteServerTimeout: 'remote-server-timeout',
  ResourceConstraint: 'resource-constraint',
  ServiceUnavailable: 'service-unavailable',
  SubscriptionRequired: 'subscription-required',
  UndefinedCondition: 'undefined-condition',
  UnexpectedRequest: 'unexpected-request'
} as const;
export const PubsubErrorCondition = {
  ClosedNode: 'closed-node',
  ConfigurationRequired: 'configuration-required',
  InvalidJID: 'invalid-jid',
  InvalidOptions: 'invalid-options',
  InvalidPayload: 'invalid-payload',
  InvalidSubscriptionId: 'invalid-subid',
  ItemForbidden: 'item-forbidden',
  ItemRequired: 'item-required',
  JIDRequired: 'jid-required',
  MaxItemsExceeded: 'max-items-exceeded',
  MaxNodesExceeded: 'max-nodes-exceeded',
  NodeIdRequired: 'nodeid-required',
  NotInRosterGroup: 'not-in-roster-group',
  NotSubscribed: 'not-subscribed',
  PayloadRequired: 'payload-required',
  PayloadTooBig: 'payload-too-big',
  PendingSubscription: 'pending-subscription',
  PresenceSubscriptionRequired: 'presence-subscription-required',
  SubscriptionIdRequired: 'subid-required',
  TooManySubscriptions: 'too-many-subscriptions',
  Unsupported: 'unsupported',
  UnsupportedAccessModel: 'unsupported-access-model'
} as const;
export const JingleSessionRole = {
  Initiator: 'initiator',
  Responder: 'responder'
} as const;
export const JingleApplicationDirection = {
  Inactive: 'inactive',
  Receive: 'recvonly',
  Send: 'sendonly',
  SendReceive: 'sendrecv'
} as const;
export const JingleContentSenders = {
  Both: 'both',
  Initiator: 'initiator',
  None: 'none',
  Responder: 'responder'
} as const;
export const JingleErrorCondition = {
  OutOfOrder: 'out-of-order',
  TieBreak: 'tie-break',
  UnknownContent: 'unknown-content',
  UnknownSession: 'unknown-session',
  UnsupportedInfo: 'unsupported-info'
} as const;
export const JingleReasonCondition = {
  AlternativeSession: 'alternative-session',
  Busy: 'busy',
  Cancel: 'cancel',
  ConnectivityError: 'connectivity-error',
  Decline: 'decline',
  Expired: 'expired',
  FailedApplication: 'failed-application',
  FailedTransport: 'failed-transport',
  GeneralError: 'general-error',
  Gone: 'gone',
  IncompatibleParameters: 'incompatible-parameters',
  MediaError: 'media-error',
  SecurityError: 'security-error',
  Success: 'success',
  Timeout: 'timeout',
  UnsupportedApplications: 'unsupported-applications',
  UnsupportedTransports: 'unsupported-transports'
} as const;

export const JINGLE_INFO = (namespace: string, name: string): string => `{${namespace}}${name}`;
export const JINGLE_INFO_MUTE = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'mute');
export const JINGLE_INFO_UNMUTE = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'unmute');
export const JINGLE_INFO_HOLD = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'hold');
export const JINGLE_INFO_UNHOLD = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'unhold');
export const JINGLE_INFO_ACTIVE = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'active');
export const JINGLE_INFO_RINGING = JINGLE_INFO(NS_JINGLE_RTP_INFO_1, 'ringing');

type Role = string;
type Senders = string;
type Direction = string;

export function sendersToDirection(role: Role, senders: Senders = JingleContentSenders.Both): Direction {
  const isInitiator = role === JingleSessionRole.Initiator;
  switch (senders) {
    case JingleContentSenders.Initiator:
      return isInitiator ? JingleApplicationDirection.Send : JingleApplicationDirection.Receive;
    case JingleContentSenders.Responder:
      return isInitiator ? JingleApplicationDirection.Receive : JingleApplicationDirection.Send;
    case JingleContentSenders.Both:
      return JingleApplicationDirection.SendReceive;
  }
  return JingleApplicationDirection.Inactive;
}

export function directionToSenders(role: Role, direction: Direction = JingleApplicationDirection.SendReceive): Senders {
  const isInitiator = role === JingleSessionRole.Initiator;
  switch (direction) {
    case JingleApplicationDirection.Send:
      return isInitiator ? JingleContentSenders.Initiator : JingleContentSenders.Responder;
    case JingleApplicationDirection.Receive:
      return isInitiator ? JingleContentSenders.Responder : JingleContentSenders.Initiator;
    case JingleApplicationDirection.SendReceive:
      return JingleContentSenders.Both;
  }
  return JingleContentSenders.None;
}
