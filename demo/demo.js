// The demo logs in as one of the emulator's agents (?agent=N, default 1) and shows the
// SDK's connection state. Secrets stay in memory: the token is never put in the DOM.
const { GenesysCloudWebrtcSdk } = window.GenesysCloudWebrtcSdk;
const info = await (await fetch('/demo-config.json')).json();
const index = Math.max(1, Number(new URLSearchParams(location.search).get('agent') ?? 1)) - 1;
const agent = info.agents[index] ?? info.agents[0];

document.getElementById('agent-name').textContent = agent.name;
document.getElementById('agent-switch').innerHTML = info.agents
  .map((a, i) => (i === index ? '' : `<a href="?agent=${i + 1}" target="_blank" rel="noopener">open ${a.name}</a>`))
  .filter(Boolean).join(' · ');

const stateEl = document.getElementById('connection-state');
const errorEl = document.getElementById('error');
const sdk = new GenesysCloudWebrtcSdk({
  environment: info.environment,
  wsHost: info.wsHost,
  accessToken: agent.accessToken,
  optOutOfTelemetry: true,
});
window.sdk = sdk;
sdk.on('connected', (e) => { stateEl.textContent = e?.reconnect ? 'connected (reconnected)' : 'connected'; });
sdk.on('disconnected', () => { stateEl.textContent = 'disconnected — reconnecting'; });
sdk.on('sdkError', (err) => { errorEl.hidden = false; errorEl.textContent = `${err.type}: ${err.message}`; });
stateEl.textContent = 'connecting';
try {
  await sdk.initialize();
  stateEl.textContent = 'ready';
} catch (err) {
  stateEl.textContent = 'failed';
  errorEl.hidden = false;
  errorEl.textContent = `${err.type ?? 'error'}: ${err.message}`;
}
