import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    exit.then(() => reject(new Error(`exited before printing: ${stderr}`)), reject);
  });
  firstLine.catch(() => undefined); // runs that are expected to fail never print
  return { child, exit, firstLine, stderr: () => stderr };
}

describe('CLI', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'gc-emu-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('prints the JSON line first with --port 0, serves, and exits 0 on SIGTERM', async () => {
    const run = runCli(['--port', '0']);
    const info = JSON.parse(await run.firstLine);
    assert.match(info.environment, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.wsHost, info.environment.replace('http://', 'ws://'));
    assert.equal(typeof info.organizationId, 'string');
    assert.equal(info.agents.length, 4);
    assert.deepEqual(Object.keys(info.agents[0]).slice(0, 6), ['userId', 'name', 'accessToken', 'stationId', 'lineAppearance', 'persistentConnection']);
    assert.deepEqual(info.agents.map((a: { lineAppearance: number }) => a.lineAppearance), [100, 100, 1, 100]);
    assert.deepEqual(info.agents.map((a: { persistentConnection: boolean }) => a.persistentConnection), [false, false, false, true]);
    const health = await fetch(`${info.environment}/__emulator/health`);
    assert.equal(health.status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0);
  });

  it('seeds the world from --world and exits 0 on SIGINT', async () => {
    const file = join(dir, 'world.json');
    await writeFile(file, JSON.stringify({
      organizations: [{ id: 'org-x', domain: 'x.orgspan.com', agents: [{ id: 'u1', name: 'Solo', accessToken: 'tok-1', station: { lineAppearance: 1, forceTurn: true } }] }],
    }));
    const run = runCli(['--port', '0', '--world', file]);
    const info = JSON.parse(await run.firstLine);
    assert.equal(info.organizationId, 'org-x');
    assert.equal(info.agents.length, 1);
    assert.deepEqual([info.agents[0].userId, info.agents[0].accessToken, info.agents[0].lineAppearance, info.agents[0].forceTurn], ['u1', 'tok-1', 1, true]);
    assert.match(info.agents[0].jabberId, /^[0-9a-f]{24}@x\.orgspan\.com$/);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0);
  });

  it('rejects bad flags and bad world files with one stderr line and exit 2', async () => {
    const bad = runCli(['--bogus']);
    assert.equal(await bad.exit, 2);
    assert.equal(bad.stderr().trim().split('\n').length, 1);
    assert.match(bad.stderr(), /--bogus/);
    const badPort = runCli(['--port', 'abc']);
    assert.equal(await badPort.exit, 2);
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"organizations": 3}');
    const badWorld = runCli(['--world', file]);
    assert.equal(await badWorld.exit, 2);
    assert.match(badWorld.stderr(), /organizations/);
  });
});
