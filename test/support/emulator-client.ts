// What browser tests (ours and the upstream compat suite) share to talk to the emulator that
// the test runner started: its info line and its control API (JSON, CORS).
import { executeServerCommand } from '@web/test-runner-commands';

export interface AgentInfo {
  userId: string; name: string; accessToken: string; stationId: string; lineAppearance: number;
  persistentConnection: boolean; jabberId: string; organizationId: string; signaling?: 'jingle' | 'sdp';
}
export interface EmulatorInfo { environment: string; wsHost: string; organizationId: string; agents: AgentInfo[] }

let info: EmulatorInfo | undefined;
/** The emulator's JSON info line (fetched once per test file). */
export async function emulatorInfo(): Promise<EmulatorInfo> {
  info ??= (await executeServerCommand('emulator-info')) as EmulatorInfo;
  return info;
}

/** Calls `/__emulator/{path}`; a non-2xx answer throws with the status and body. */
export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const { environment } = await emulatorInfo();
  const res = await fetch(`${environment}/__emulator/${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A fresh agent of its own, so tests never share state. */
export function newAgent(opts: { lineAppearance?: number; persistentConnection?: boolean; forceTurn?: boolean; signaling?: 'jingle' | 'sdp' } = {}): Promise<AgentInfo> {
  return control<AgentInfo>('POST', 'agents', opts);
}

const noop = (): void => undefined;
/** A logger that drops everything (the runner's output stays readable). */
export const quietLogger = { log: noop, debug: noop, info: noop, warn: noop, error: noop };
