// The consumer matrix: pack the project like a release, install the tarball in a fresh project
// (a temp dir, the shared npm cache), and use it the ways users do. Each browser case defines every
// element of the manifest and initializes against a live emulator in Chromium:
//   Vite (+ the React wrappers), webpack 5 (no fallbacks), an import map with the ES build,
//   the script-tag bundle; plus SSR imports in Node and a strict TypeScript consumer under
//   moduleResolution bundler, node16 and nodenext (no skipLibCheck).
// The element list comes from dist/custom-elements.json: a new element needs no change here.
// Needs dist/ (npm test builds it first).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { startEmulator } from '../../emulator/index';

const root = fileURLToPath(new URL('../../', import.meta.url));
const apps = fileURLToPath(new URL('./apps/', import.meta.url));
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const installedVersion = (name: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const bin = (pkg: string, file: string): string => join(root, 'node_modules', pkg, file);

/** Runs a command; resolves with its exit code and output (never rejects). */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NODE_ENV: 'production', npm_config_update_notifier: 'false' } });
    let out = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { out += String(d); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}
const ok = async (cmd: string, args: string[], cwd: string): Promise<string> => {
  const r = await run(cmd, args, cwd);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.out.slice(-4000)}`);
  return r.out;
};

const TYPES = { 'text/html': ['.html'], 'text/javascript': ['.js', '.mjs'], 'application/json': ['.json', '.map'], 'text/css': ['.css'] } as const;
const contentType = (file: string): string => Object.entries(TYPES).find(([, exts]) => (exts as readonly string[]).includes(extname(file)))?.[0] ?? 'application/octet-stream';

/** The React 18 release the matrix also runs (React 19 comes from the project's devDependencies). */
const REACT_18 = '18.3.1';

const built = existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/custom-elements.json'));
const skip = built ? false : 'dist/ not built (run npm run build)';

describe('consumer matrix (packed tarball in fresh projects)', { skip, concurrency: true }, () => {
  let dir: string;
  let app: string;
  let tags: string[];
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let server: Server | undefined;
  let base: string;
  let browser: Browser | undefined;
  let browserReady: Promise<Browser> | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gc-consumers-'));
    app = join(dir, 'app');
    const manifest = JSON.parse(readFileSync(join(root, 'dist/custom-elements.json'), 'utf8')) as { modules: Array<{ declarations?: Array<{ tagName?: string }> }> };
    tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter((t): t is string => Boolean(t));
    const packed = await ok('npm', ['pack', '--pack-destination', dir, '--silent'], root);
    const tarball = packed.trim().split('\n').pop() as string;
    assert.ok(existsSync(join(dir, tarball)), `npm pack wrote ${tarball}`);
    cpSync(apps, app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'gc-consumer', private: true, type: 'module',
      dependencies: {
        [rootPkg.name]: `file:../${tarball}`,
        react: installedVersion('react'), 'react-dom': installedVersion('react-dom'), '@types/react': installedVersion('@types/react'),
      },
    }, null, 2));
    // the shared npm cache (~/.npm) already holds every package from the project's own npm ci
    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app);
    emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
    const config = JSON.stringify({ environment: emulator.info.environment, wsHost: emulator.info.wsHost, tags });
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (path === '/matrix-config.json') { res.writeHead(200, { 'content-type': 'application/json' }).end(config); return; }
      const file = join(app, normalize(path).replace(/^(\.\.[/\\])+/, ''));
      if (!file.startsWith(app) || !existsSync(file)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': contentType(file) }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One Chromium for the browser cases, started by the first that needs it. */
  function getBrowser(): Promise<Browser> {
    browserReady ??= (async () => {
      const { launch } = await import('puppeteer-core');
      const chromium = '../../scripts/chromium.mjs'; // (untyped .mjs)
      const { chromiumArgs, ensureChromium } = await import(chromium) as { chromiumArgs: string[]; ensureChromium: () => string };
      browser = await launch({ executablePath: process.env.CHROME_PATH ?? ensureChromium(), headless: true, args: chromiumArgs });
      return browser;
    })();
    return browserReady;
  }

  interface PageResult {
    ok: boolean; error?: string; connectionState?: string; sameEngineClass?: boolean; initialized?: boolean;
    userId?: string; expectedUserId?: string; softphoneRendered?: boolean; sdkErrorName?: string; sdkErrorInstanceName?: string;
    classNames?: Record<string, string>; expectedClassNames?: Record<string, string>;
  }
  async function openPage(path: string): Promise<{ result: PageResult; wrappers?: string[] }> {
    const page = await (await getBrowser()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    try {
      await page.goto(`${base}${path}`);
      await page.waitForFunction(() => (window as unknown as { __matrixResult?: unknown }).__matrixResult !== undefined, { timeout: 60_000 });
      const out = await page.evaluate(() => {
        const w = window as unknown as { __matrixResult: PageResult; __reactWrappers?: string[] };
        return { result: w.__matrixResult, wrappers: w.__reactWrappers };
      });
      assert.deepEqual(errors, [], 'no uncaught page errors');
      return out;
    } finally {
      await page.close();
    }
  }
  function assertInitialized(result: PageResult): void {
    assert.ok(result.ok, result.error);
    assert.equal(result.connectionState, 'connected');
    assert.equal(result.initialized, true);
    assert.equal(result.userId, result.expectedUserId, 'initialized as the fresh agent');
    assert.equal(result.sameEngineClass, true, 'the element engine is the class the page imported (one copy)');
    assert.equal(result.softphoneRendered, true);
    assert.equal(result.sdkErrorInstanceName, 'SdkError');
  }

  it('the manifest lists the elements (at least the three of 0.1)', () => {
    for (const tag of ['gc-webrtc-sdk', 'gc-softphone', 'gc-device-select']) assert.ok(tags.includes(tag), tag);
  });

  it('installing the tarball adds only browser packages: no server-side package, no @types but React\'s', () => {
    const names = readdirSync(join(app, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(app, 'node_modules', n)).map((s) => `${n}/${s}`) : [n])).filter((n) => !n.startsWith('.'));
    for (const server of ['werift', 'ws', 'tsx', 'opusscript', 'esbuild', 'mediabunny', 'stanza', 'gc-cloud-emulator', 'typescript']) assert.ok(!names.includes(server), `${server} installed`);
    const types = names.filter((n) => n.startsWith('@types/'));
    // @types/react: asked for by this app; @types/trusted-types: lit-html's (augments lib.dom without conflict)
    assert.deepEqual(types.filter((t) => t !== '@types/react' && t !== '@types/trusted-types'), [], `@types installed: ${types.join(', ')}`);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', rootPkg.name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/context', 'lit']);
  });

  for (const resolution of ['bundler', 'node16', 'nodenext'] as const) {
    it(`a strict TypeScript consumer compiles under moduleResolution ${resolution} without skipLibCheck`, async () => {
      const project = join(app, `types-${resolution}`);
      mkdirSync(project, { recursive: true });
      cpSync(join(app, 'types/consumer.tsx'), join(project, 'consumer.tsx'));
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], jsx: 'react-jsx',
          module: resolution === 'bundler' ? 'ESNext' : resolution, moduleResolution: resolution,
          noUnusedLocals: true, exactOptionalPropertyTypes: false,
        },
        files: ['consumer.tsx'],
      }));
      await ok(process.execPath, [bin('typescript', 'bin/tsc'), '-p', project], project);
    });
  }

  it('SSR: Node imports every entry and React renders the wrappers to HTML', async () => {
    const out = JSON.parse((await ok(process.execPath, ['ssr/ssr.mjs'], app)).trim().split('\n').pop() as string) as {
      engine: string; sdkErrorName: string; optionError?: { name: string; type: string; isSdkError: boolean }; elementClasses: string[]; wrappers: string[]; html: string;
    };
    assert.equal(out.engine, 'function');
    assert.equal(out.sdkErrorName, 'SdkError');
    assert.deepEqual(out.optionError, { name: 'SdkError', type: 'invalid_options', isSdkError: true });
    const pascal = (tag: string): string => tag.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    for (const tag of tags) {
      assert.ok(out.elementClasses.includes(pascal(tag)), `elements export ${pascal(tag)}`);
      assert.ok(out.wrappers.includes(pascal(tag)), `react exports ${pascal(tag)}`);
    }
    assert.match(out.html, /^<gc-webrtc-sdk[^>]*><gc-softphone><\/gc-softphone><gc-device-select><\/gc-device-select><\/gc-webrtc-sdk>$/);
  });

  it('Vite: builds, and the React wrappers initialize against the emulator in Chromium', async () => {
    await ok(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--base', './', '--logLevel', 'warn', '--emptyOutDir'], join(app, 'vite'));
    const { result, wrappers } = await openPage('/vite/dist/index.html');
    assertInitialized(result);
    const pascal = (tag: string): string => tag.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    for (const tag of tags) assert.ok(wrappers?.includes(pascal(tag)), `React wrapper for <${tag}>`);
  });

  it('Vite + React 18: the same app on the other supported React major', async () => {
    // its own small project (React 18 beside the main app's React 19), same tarball, same cache
    const app18 = join(app, 'react18');
    mkdirSync(app18, { recursive: true });
    cpSync(join(app, 'vite'), join(app18, 'vite'), { recursive: true });
    cpSync(join(app, 'shared'), join(app18, 'shared'), { recursive: true });
    rmSync(join(app18, 'vite/dist'), { recursive: true, force: true });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
    writeFileSync(join(app18, 'package.json'), JSON.stringify({
      name: 'gc-consumer-react18', private: true, type: 'module',
      dependencies: { [rootPkg.name]: `file:../../${tarball}`, react: REACT_18, 'react-dom': REACT_18 },
    }, null, 2));
    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app18);
    const installed = JSON.parse(readFileSync(join(app18, 'node_modules/react/package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, REACT_18);
    await ok(process.execPath, [bin('vite', 'bin/vite.js'), 'build', '--base', './', '--logLevel', 'warn', '--emptyOutDir'], join(app18, 'vite'));
    const { result } = await openPage('/react18/vite/dist/index.html');
    assertInitialized(result);
  });

  it('webpack 5: builds with no fallbacks or warnings and initializes against the emulator in Chromium', async () => {
    await ok(process.execPath, [join(root, 'test/consumers/webpack-build.mjs'), join(app, 'webpack')], app);
    assertInitialized((await openPage('/webpack/index.html')).result);
  });

  it('import map: the ES build from node_modules with no build step initializes against the emulator', async () => {
    assertInitialized((await openPage('/importmap/index.html')).result);
  });

  it('script tag: the bundle initializes against the emulator, with readable class names', async () => {
    const { result } = await openPage('/script/index.html');
    assertInitialized(result);
    assert.equal(result.sdkErrorName, 'SdkError', 'SdkError keeps its name in the minified bundle');
    assert.deepEqual(result.classNames, result.expectedClassNames, 'element classes keep their names in the minified bundle');
  });
});
