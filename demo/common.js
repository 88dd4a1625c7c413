// Shared by the demo pages: the emulator's info (agents, tokens, environment), the agent this tab
// plays (?agent=N), the emulator control API, and the demo video room. Tokens are only ever set as
// properties, never put in the DOM.
export const config = window.parent !== window && window.parent.__gcDemoConfig
  ? window.parent.__gcDemoConfig // embedded by a test page
  : await (await fetch('/demo-config.json')).json();

const params = new URLSearchParams(location.search);
export const agentIndex = Math.max(1, Number(params.get('agent') ?? 1)) - 1;
export const agent = config.agents[agentIndex] ?? config.agents[0];

/** `POST|GET|DELETE /__emulator/{path}` (JSON). */
export async function control(path, body, method = 'POST') {
  const res = await fetch(`${config.environment}/__emulator/${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** The demo room every tab joins (created on first use): `?room=<name>` picks another. */
export async function demoRoomJid() {
  const name = params.get('room') ?? 'demo-room';
  const { entities } = await control('video-rooms', undefined, 'GET');
  const found = entities.find((r) => r.roomJid.startsWith(`${name}@`));
  if (found) return found.roomJid;
  try {
    return (await control('video-rooms', { name })).roomJid;
  } catch {
    // another tab created it meanwhile
    const again = (await control('video-rooms', undefined, 'GET')).entities.find((r) => r.roomJid.startsWith(`${name}@`));
    if (!again) throw new Error(`could not create the room ${name}`);
    return again.roomJid;
  }
}

/** Configures a <gc-webrtc-sdk> for this tab's agent. */
export async function signIn(sdkEl, who = agent) {
  await customElements.whenDefined('gc-webrtc-sdk');
  sdkEl.setAttribute('environment', config.environment);
  sdkEl.setAttribute('ws-host', config.wsHost);
  sdkEl.accessToken = who.accessToken;
}

/** Links to this page as the other agents (to open in new tabs). */
export function agentLinks(container, page = location.pathname) {
  config.agents.forEach((a, i) => {
    if (i === agentIndex) return;
    const link = document.createElement('a');
    link.href = `${page}?agent=${i + 1}${params.get('room') ? `&room=${encodeURIComponent(params.get('room'))}` : ''}`;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = `open as ${a.name} in a new tab`;
    if (container.childNodes.length) container.append(' · ');
    container.append(link);
  });
}
