// Runs in each consumer page of the matrix (test/consumers/matrix.test.ts), whatever built it:
// every element of the manifest is defined, a <gc-webrtc-sdk> (or the React wrapper, through
// `mount`) initializes against the live emulator with a fresh agent, and its engine is the
// same class the page imported (one copy of the engine per page). The outcome goes to
// window.__matrixResult for the test to read.
const pascal = (tag) => tag.replace(/(?:^|-)([a-z0-9])/g, (_, c) => c.toUpperCase());

export async function check({ api, mount }) {
  const result = { ok: false, steps: [] };
  window.__matrixResult = undefined;
  try {
    const cfg = await (await fetch('/matrix-config.json')).json();
    // the script-tag bundle loads <gc-video-conference>/<gc-screen-share> from a sibling lazy file when such
    // a tag appears; none is in this page, so load it explicitly (it must resolve next to the bundle)
    if (typeof api.loadMediaElements === 'function') await api.loadMediaElements();
    const missing = cfg.tags.filter((tag) => !customElements.get(tag));
    if (missing.length) throw new Error(`not defined: ${missing.join(', ')}`);
    result.classNames = Object.fromEntries(cfg.tags.map((tag) => [tag, customElements.get(tag).name]));
    result.expectedClassNames = Object.fromEntries(cfg.tags.map((tag) => [tag, pascal(tag)]));
    result.sdkErrorName = api.SdkError.name;
    result.sdkErrorInstanceName = new api.SdkError('generic', 'probe').name;
    const agent = await (await fetch(`${cfg.environment}/__emulator/agents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const options = { environment: cfg.environment, wsHost: cfg.wsHost, accessToken: agent.accessToken };
    const el = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no gc-ready within 20 s')), 20000);
      const done = (fn) => (value) => { clearTimeout(timer); fn(value); };
      mount(options, { ready: done(resolve), error: done((e) => reject(new Error(`gc-sdk-error ${e?.type}: ${e?.message}`))) });
    });
    result.steps.push('ready');
    result.connectionState = el.connectionState;
    result.sameEngineClass = el.sdk instanceof api.GenesysCloudWebrtcSdk;
    result.initialized = el.sdk?.isInitialized === true;
    result.userId = el.sdk?._personDetails?.id;
    result.expectedUserId = agent.userId;
    // the softphone rendered inside it and found its engine
    await customElements.whenDefined('gc-softphone');
    const phone = document.querySelector('gc-softphone');
    await phone?.updateComplete;
    result.softphoneRendered = Boolean(phone?.shadowRoot?.querySelector('*'));
    result.ok = true;
  } catch (err) {
    result.error = String(err?.stack ?? err);
  }
  window.__matrixResult = result;
  return result;
}

/** Plain DOM: a <gc-webrtc-sdk> with a softphone and a device picker inside. */
export function mountElements(options, { ready, error }) {
  const el = document.createElement('gc-webrtc-sdk');
  el.setAttribute('environment', options.environment);
  el.setAttribute('ws-host', options.wsHost);
  el.setAttribute('allowed-session-types', 'softphone');
  el.setAttribute('use-headsets', 'false');
  el.setAttribute('opt-out-of-telemetry', '');
  el.innerHTML = '<gc-softphone></gc-softphone><gc-device-select kinds="audioinput audiooutput"></gc-device-select>';
  el.addEventListener('gc-ready', () => ready(el), { once: true });
  el.addEventListener('gc-sdk-error', (e) => error(e.detail), { once: true });
  document.body.append(el);
  el.accessToken = options.accessToken;
}
