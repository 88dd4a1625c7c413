/**
 * Topic combining for HTTP bulk subscriptions: topics sharing a prefix (everything before
 * the last `.`) become one id `prefix?a&b`; ids longer than `maxLength` are split.
 * e.g. `v2.users.1.conversations` + `v2.users.1.station` → `v2.users.1?conversations&station`.
 */
export function combineTopics(topics: readonly string[], maxLength = 200): string[] {
  const groups = new Map<string, string[]>();
  const passthrough: string[] = [];
  for (const topic of new Set(topics)) {
    const dot = topic.lastIndexOf('.');
    if (dot <= 0 || topic.includes('?')) { passthrough.push(topic); continue; }
    const prefix = topic.slice(0, dot);
    const list = groups.get(prefix) ?? [];
    list.push(topic.slice(dot + 1));
    groups.set(prefix, list);
  }
  const out: string[] = [...passthrough];
  const emit = (prefix: string, postfixes: string[]): void => {
    if (postfixes.length === 1) { out.push(`${prefix}.${postfixes[0]}`); return; }
    const id = `${prefix}?${postfixes.join('&')}`;
    if (id.length < maxLength) { out.push(id); return; }
    const mid = Math.ceil(postfixes.length / 2);
    emit(prefix, postfixes.slice(0, mid));
    emit(prefix, postfixes.slice(mid));
  };
  for (const [prefix, postfixes] of groups) emit(prefix, postfixes);
  return out;
}
