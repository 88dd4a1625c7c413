import { SessionTypes } from '../types/sessions';

/** Session type from the peer JID (research/sdk-flows.md §0.3); first match wins. */
export function sessionTypeFromJid(jid: string): SessionTypes {
  if (/.*@.*gjoll.*/i.test(jid)) return SessionTypes.softphone;
  const local = jid.split('@')[0] ?? '';
  if (local.startsWith('acd-')) return SessionTypes.acdScreenShare;
  if (local.startsWith('screenrecording-')) return SessionTypes.screenRecording;
  if (local.startsWith('livemonitor-')) return SessionTypes.liveScreenMonitoring;
  if (jid.includes('@conference')) return SessionTypes.collaborateVideo;
  return SessionTypes.unknown;
}

export function bareJid(jid: string): string {
  return jid.split('/')[0] ?? jid;
}
