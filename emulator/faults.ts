/** Fault injection state shared by the HTTP and XMPP layers (`POST /__emulator/faults`). */
export interface HttpFault {
  status: 401 | 429 | 500 | 503;
  /** Requests still to fail. */
  remaining: number;
  retryAfter?: number;
  /** Only requests whose path starts with this (full path, e.g. `/api/v2/users/me`). */
  pathPrefix?: string;
  /** The error body's `message` (default `Injected fault <status>.`), e.g. markup for rendering tests. */
  message?: string;
}

export class Faults {
  private httpFaults: HttpFault[] = [];
  private pingRefusers = new Set<string>();

  addHttpFault(fault: HttpFault): void {
    this.httpFaults.push(fault);
  }

  /** Consumes one matching HTTP fault for a platform API request, if any is armed. */
  takeHttpFault(path: string): HttpFault | undefined {
    const fault = this.httpFaults.find((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.httpFaults = this.httpFaults.filter((f) => f !== fault);
    return fault;
  }

  setRefusePings(userId: string, enabled: boolean): void {
    if (enabled) this.pingRefusers.add(userId);
    else this.pingRefusers.delete(userId);
  }

  refusesPings(userId: string): boolean {
    return this.pingRefusers.has(userId);
  }

  clear(): void {
    this.httpFaults = [];
    this.pingRefusers.clear();
  }

  snapshot(): { http: HttpFault[]; refusePings: string[] } {
    return { http: this.httpFaults.map((f) => ({ ...f })), refusePings: [...this.pingRefusers] };
  }
}
