/** Minimal JID handling: the emulator must also route JIDs that are not strictly valid (`notifications.host:port`). */
export interface Jid {
  local: string;
  domain: string;
  resource: string;
  /** `local@domain` (or `domain`), lower-cased. */
  bare: string;
  full: string;
}

export function parseJid(jid: string): Jid {
  const slash = jid.indexOf('/');
  const bareRaw = slash < 0 ? jid : jid.slice(0, slash);
  const resource = slash < 0 ? '' : jid.slice(slash + 1);
  const at = bareRaw.indexOf('@');
  const local = at < 0 ? '' : bareRaw.slice(0, at).toLowerCase();
  const domain = (at < 0 ? bareRaw : bareRaw.slice(at + 1)).toLowerCase();
  const bare = local ? `${local}@${domain}` : domain;
  return { local, domain, resource, bare, full: resource ? `${bare}/${resource}` : bare };
}
