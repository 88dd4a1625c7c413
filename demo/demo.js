// The demo agent console: made only of the gc-* elements. It logs in as one of the emulator's
// agents (?agent=N, default 1). The token is set as a property, never put in the DOM.
const config = window.parent !== window && window.parent.__gcDemoConfig
  ? window.parent.__gcDemoConfig // embedded by a test page
  : await (await fetch('/demo-config.json')).json();
const index = Math.max(1, Number(new URLSearchParams(location.search).get('agent') ?? 1)) - 1;
const agent = config.agents[index] ?? config.agents[0];

document.getElementById('agent-name').textContent = agent.name;
const links = document.getElementById('agent-switch');
config.agents.forEach((a, i) => {
  if (i === index) return;
  const link = document.createElement('a');
  link.href = `?agent=${i + 1}`;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = `open ${a.name} in a new tab`;
  if (links.childNodes.length) links.append(' · ');
  links.append(link);
});

await customElements.whenDefined('gc-webrtc-sdk');
const sdkEl = document.getElementById('sdk');
sdkEl.setAttribute('environment', config.environment);
sdkEl.setAttribute('ws-host', config.wsHost);
sdkEl.accessToken = agent.accessToken;
window.sdkElement = sdkEl;

const phone = document.getElementById('phone');
for (const b of document.querySelectorAll('[data-dial]')) {
  b.addEventListener('click', () => { phone.number = b.dataset.dial; void phone.call(); });
}

// emulator control API (same host as the API)
const status = document.getElementById('emu-status');
const hangup = document.getElementById('hangup');
// Remote hang-up ends the call the agent is on (inbound or outbound), else the one ringing.
let ringing;
let active;
const ENDED = new Set(['disconnected', 'terminated']);
sdkEl.addEventListener('gc-conversation-update', (e) => {
  // `current` can still hold a call that just ended; prefer the SDK's active conversation
  const live = e.detail.current.filter((c) => !ENDED.has(c.mostRecentCallState?.state ?? c.mostRecentUserParticipant?.state));
  active = (live.find((c) => c.conversationId === e.detail.activeConversationId) ?? live[0])?.conversationId;
  hangup.disabled = !(active || ringing);
});
sdkEl.addEventListener('gc-pending-session', (e) => { ringing = e.detail.conversationId; hangup.disabled = false; });
sdkEl.addEventListener('gc-cancel-pending-session', () => { ringing = undefined; hangup.disabled = !active; });
sdkEl.addEventListener('gc-handled-pending-session', () => { ringing = undefined; });
async function control(path, body) {
  const res = await fetch(`${config.environment}/__emulator/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}
document.getElementById('inbound').addEventListener('click', async () => {
  try {
    const { conversationId } = await control('inbound-call', { toUserId: agent.userId, from: '+13175550123', fromName: 'Casey Customer' });
    ringing = conversationId;
    hangup.disabled = false;
    status.textContent = 'A customer is calling you.';
  } catch (err) {
    status.textContent = `Could not start the call: ${err.message}`;
  }
});
hangup.addEventListener('click', async () => {
  const target = active ?? ringing;
  if (!target) return;
  try {
    await control(`conversations/${target}/disconnect`);
    status.textContent = 'The customer hung up.';
    hangup.disabled = true;
  } catch (err) {
    status.textContent = `Could not hang up: ${err.message}`;
  }
});
sdkEl.addEventListener('gc-sdk-error', (e) => { status.textContent = `SDK error: ${e.detail.message}`; });
