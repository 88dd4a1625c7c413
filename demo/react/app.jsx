// The React example: the agent console from the React wrappers of gc-webrtc-sdk/react.
// Element properties are props (`accessToken` never becomes an attribute); SDK events are typed
// `onGc…` props. `npm start` builds this file with esbuild and serves it at /demo/react/.
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GcWebrtcSdk, GcSoftphone, GcDeviceSelect } from 'gc-webrtc-sdk/react';

// props that are arrays or objects keep their identity across renders (a new `config` object
// re-creates the engine; lists such as allowedSessionTypes compare by value)
const SESSION_TYPES = ['softphone'];

function App({ config, agent }) {
  const sdkRef = useRef(null);
  const [state, setState] = useState('idle');
  const [log, setLog] = useState([]);
  const note = (line) => setLog((lines) => [`${new Date().toLocaleTimeString()} ${line}`, ...lines].slice(0, 12));

  useEffect(() => { window.sdkElement = sdkRef.current; }, []);

  return (
    <>
      <header>
        <h1>Agent console (React)</h1>
        <p>Logged in as <strong>{agent.name}</strong> · connection: <span id="state">{state}</span></p>
      </header>
      <GcWebrtcSdk
        ref={sdkRef}
        environment={config.environment}
        wsHost={config.wsHost}
        accessToken={agent.accessToken}
        allowedSessionTypes={SESSION_TYPES}
        useHeadsets={false}
        onGcConnectionStateChange={(e) => setState(e.detail.state)}
        onGcReady={() => note('ready')}
        onGcPendingSession={(e) => note(`pending session ${e.detail.conversationId} from ${e.detail.fromUserId ?? e.detail.address ?? 'unknown'}`)}
        onGcSessionStarted={(e) => note(`session started ${e.detail.conversationId}`)}
        onGcSessionEnded={(e) => note(`session ended (${e.detail.reason?.condition ?? 'unknown'})`)}
        onGcSdkError={(e) => note(`error ${e.detail.type}: ${e.detail.message}`)}
      >
        <section aria-label="Softphone"><GcSoftphone /></section>
        <section aria-label="Devices"><GcDeviceSelect kinds="audioinput audiooutput" /></section>
      </GcWebrtcSdk>
      <section aria-label="Events">
        <h2>Events</h2>
        <ol id="log">{log.map((line, i) => <li key={i}>{line}</li>)}</ol>
      </section>
      <p>Call <code>+15550100</code> to hear yourself (echo). The full console: <a href="/">/</a>.</p>
    </>
  );
}

const config = await (await fetch('/demo-config.json')).json();
const index = Math.max(1, Number(new URLSearchParams(location.search).get('agent') ?? 1)) - 1;
createRoot(document.getElementById('root')).render(<App config={config} agent={config.agents[index] ?? config.agents[0]} />);
