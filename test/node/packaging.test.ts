// Packaging checks over dist/ (built by `npm test`'s build step or `npm run build`):
// no unguarded Node globals, Node/SSR imports that do not throw, the exports map, the
// custom elements manifest and the lazily loaded headsets chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../../dist/', import.meta.url);
const distPath = (f: string): string => new URL(f, dist).pathname;
const built = existsSync(distPath('index.js'));
const skip = built ? false : 'dist/ not built (run npm run build)';

function jsFiles(): string[] {
  const top = readdirSync(distPath('.')).filter((f) => f.endsWith('.js'));
  const chunks = existsSync(distPath('chunks')) ? readdirSync(distPath('chunks')).filter((f) => f.endsWith('.js')).map((f) => join('chunks', f)) : [];
  return [...top, ...chunks];
}

/** Text before `i`, for "is this use guarded by a typeof check" (code is minified: look back a little). */
function guarded(code: string, i: number, name: string): boolean {
  const before = code.slice(Math.max(0, i - 160), i);
  return new RegExp(`typeof ${name}\\b|"undefined"\\s*!==?\\s*typeof ${name}|typeof ${name}\\s*[!=]==?`).test(before);
}

test('dist has no unguarded Node globals (process., Buffer, global., require()', { skip }, () => {
  const problems: string[] = [];
  for (const f of jsFiles()) {
    // comments mention these names in prose; code is what matters
    const code = readFileSync(distPath(f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const declaresBuffer = /\b(function|class|var|let|const)\s+Buffer\b/.test(code);
    const checks: Array<[RegExp, string]> = [
      [/(?<![.\w$])process\.(?!env\.NODE_ENV)/g, 'process'],
      [/(?<![.\w$])global\./g, 'global'],
      [/(?<![.\w$"'`])require\(/g, 'require'],
    ];
    if (!declaresBuffer) checks.push([/(?<![.\w$"'`])Buffer\.(from|alloc|allocUnsafe|isBuffer|concat|byteLength)\(/g, 'Buffer']);
    for (const [re, name] of checks) {
      for (const m of code.matchAll(re)) {
        if (guarded(code, m.index ?? 0, name)) continue;
        problems.push(`${f}: ${code.slice(Math.max(0, (m.index ?? 0) - 40), (m.index ?? 0) + 40).replace(/\s+/g, ' ')}`);
      }
    }
    assert.ok(!code.includes('process.env.NODE_ENV'), `${f} still reads process.env.NODE_ENV`);
  }
  assert.deepEqual(problems, []);
});

test('importing the engine in Node does not throw and exports the documented API', { skip }, async () => {
  const mod = await import(distPath('index.js'));
  assert.equal(typeof mod.GenesysCloudWebrtcSdk, 'function');
  assert.equal(mod.default, mod.GenesysCloudWebrtcSdk);
  assert.equal(typeof mod.SdkError, 'function');
  assert.equal(mod.SdkErrorTypes.invalid_token, 'invalid_token');
  assert.equal(mod.SessionTypes.softphone, 'softphone');
});

test('importing the elements in Node does not throw (nothing is registered)', { skip }, async () => {
  const mod = await import(distPath('elements.js'));
  for (const name of ['GcWebrtcSdk', 'GcSoftphone', 'GcDeviceSelect']) assert.equal(typeof mod[name], 'function', name);
  assert.equal(mod.domEventName('pendingSession'), 'gc-pending-session');
});

test('package.json exports map and customElements point at built files', { skip }, () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const root = new URL('../../', import.meta.url);
  for (const [key, value] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
    const targets = typeof value === 'string' ? [value] : Object.values(value);
    for (const t of targets) assert.ok(existsSync(new URL(t, root).pathname), `exports["${key}"] → ${t} missing`);
  }
  assert.ok(existsSync(new URL(pkg.customElements, root).pathname), 'customElements manifest missing');
});

test('custom-elements.json describes the five elements with events, parts and css properties', { skip }, () => {
  const manifest = JSON.parse(readFileSync(distPath('custom-elements.json'), 'utf8'));
  const decls = manifest.modules.flatMap((m: { declarations?: Array<Record<string, unknown>> }) => m.declarations ?? []);
  const byTag = (tag: string) => decls.find((d: Record<string, unknown>) => d.tagName === tag) as Record<string, Array<{ name: string }>> | undefined;
  const sdk = byTag('gc-webrtc-sdk');
  assert.ok(sdk, 'gc-webrtc-sdk');
  assert.ok(sdk.events.some((e) => e.name === 'gc-pending-session'));
  assert.ok(sdk.attributes.some((a) => a.name === 'organization-id') && sdk.attributes.some((a) => a.name === 'org-id'), 'organization-id and its alias org-id');
  assert.ok(!sdk.attributes.some((a) => a.name === 'access-token' || a.name === 'accesstoken'), 'accessToken must not be an attribute');
  const phone = byTag('gc-softphone');
  assert.ok(phone?.cssParts.some((p) => p.name === 'call-button'));
  assert.ok(phone?.cssProperties.some((p) => p.name === '--gc-color-accent'));
  assert.ok(byTag('gc-device-select')?.cssParts.some((p) => p.name === 'microphone-select'));
  assert.ok(byTag('gc-device-select')?.cssParts.some((p) => p.name === 'camera-preview'));
  const video = byTag('gc-video-conference');
  assert.ok(video, 'gc-video-conference');
  for (const a of ['room-jid', 'meeting-id', 'auto-join', 'layout']) assert.ok(video.attributes.some((x) => x.name === a), `video attribute ${a}`);
  for (const p of ['tile', 'self-view', 'mic-button', 'camera-button', 'share-button', 'leave-button']) assert.ok(video.cssParts.some((x) => x.name === p), `video part ${p}`);
  for (const e of ['gc-video-state-change', 'gc-participants-update', 'gc-sdk-error']) assert.ok(video.events.some((x) => x.name === e), `video event ${e}`);
  assert.ok(video.cssProperties.some((p) => p.name === '--gc-speaker-color'));
  const screen = byTag('gc-screen-share');
  assert.ok(screen, 'gc-screen-share');
  for (const a of ['mode', 'auto-accept']) assert.ok(screen.attributes.some((x) => x.name === a), `screen attribute ${a}`);
  for (const p of ['code-input', 'share-button', 'stop-button', 'indicator', 'screen', 'end-button']) assert.ok(screen.cssParts.some((x) => x.name === p), `screen part ${p}`);
  assert.ok(screen.events.some((x) => x.name === 'gc-screen-share-state-change'));
});

test('the script-tag bundle loads headsets from a separate file, relative to itself', { skip }, () => {
  const bundle = readFileSync(distPath('gc-webrtc-sdk.bundle.js'), 'utf8');
  assert.ok(existsSync(distPath('gc-webrtc-sdk.headsets.js')));
  assert.ok(!/jabra/i.test(bundle), 'headset vendor code must not be inlined in the bundle');
});

test('the minified script-tag bundle keeps the class names of SdkError, the engine and the elements', { skip }, () => {
  const bundle = readFileSync(distPath('gc-webrtc-sdk.bundle.js'), 'utf8');
  for (const name of ['SdkError', 'GenesysCloudWebrtcSdk', 'GcElement', 'GcWebrtcSdk', 'GcSoftphone', 'GcDeviceSelect']) {
    assert.match(bundle, new RegExp(`\\bclass ${name}\\b`), `class ${name}`);
  }
});

test('the published declarations import no package but lit and react, and no extensionless relative path', { skip }, () => {
  const files = readdirSync(distPath('.')).filter((f) => f.endsWith('.d.ts'))
    .concat(existsSync(distPath('chunks')) ? readdirSync(distPath('chunks')).filter((f) => f.endsWith('.d.ts')).map((f) => join('chunks', f)) : []);
  assert.ok(files.includes('index.d.ts') && files.includes('elements.d.ts') && files.includes('react.d.ts'));
  const bad: string[] = [];
  for (const f of files) {
    for (const m of readFileSync(distPath(f), 'utf8').matchAll(/^\s*(?:import|export)\b[^'";]*?['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('.') ? !/\.js$/.test(spec) : !/^(lit|lit\/.*|@lit\/context|react)$/.test(spec)) bad.push(`${f}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
