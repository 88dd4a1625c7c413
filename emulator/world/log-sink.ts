/** Keeps what clients upload to the diagnostics endpoints (client-logger traces, telemetry). */
export interface DiagnosticsEntry {
  receivedAt: string;
  /** Request path, e.g. `/api/v2/diagnostics/trace`. */
  path: string;
  userId: string | null;
  body: unknown;
}

const MAX_ENTRIES = 5000;

export class LogSink {
  private entries: DiagnosticsEntry[] = [];

  add(path: string, userId: string | null, body: unknown): void {
    this.entries.push({ receivedAt: new Date().toISOString(), path, userId, body });
    // Bounded so a long-running demo page cannot grow the emulator forever.
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): DiagnosticsEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
