/**
 * Build-time substitute for `stanza/lib/sasl/index.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md). The engine authenticates with PLAIN (agents) or ANONYMOUS (guests, JWT)
 * and disables every other mechanism right after creating the client (connection.ts), so only
 * those two are here, copied unchanged from stanza 12 together with `SimpleMech` and `Factory`.
 * SCRAM, DIGEST-MD5, OAUTHBEARER and EXTERNAL — and with them SHA-1/SHA-256/MD5/HMAC/PBKDF2
 * and SASLprep — are left out. stanza's Client still registers them under their names, so they
 * are stand-ins that throw if ever instantiated (they cannot be: the engine disables them).
 * To bring one back, copy it from stanza's lib/sasl/index.js (with the hashing it needs).
 */
import { Buffer as ShimBuffer } from 'stanza/platform'; // stanza's browser Buffer shim, not Node's
import type {
  CacheableCredentials, Credentials, ExpectedCredentials, Mechanism, MechanismConstructor, MechanismResult,
} from 'stanza/lib/sasl';

export abstract class SimpleMech {
  name: string;
  protected authenticated = false;
  protected mutuallyAuthenticated = false;
  protected errorData?: { [key: string]: string };

  constructor(name: string) {
    this.name = name;
  }

  getCacheableCredentials(): CacheableCredentials | null {
    return null;
  }

  processChallenge(_challenge: ShimBuffer): void {
    return;
  }

  processSuccess(_success?: ShimBuffer): void {
    this.authenticated = true;
  }

  finalize(): MechanismResult {
    const result: MechanismResult = {
      authenticated: this.authenticated,
      mutuallyAuthenticated: this.mutuallyAuthenticated,
    };
    if (this.errorData) {
      result.errorData = this.errorData;
    }
    return result;
  }
}

export class Factory {
  private mechanisms: Array<{ constructor: MechanismConstructor; name: string; priority: number }> = [];

  register(name: string, constructor: MechanismConstructor, priority: number): void {
    this.mechanisms.push({ constructor, name: name.toUpperCase(), priority });
    // We want mechanisms with highest priority at the start of the list
    this.mechanisms.sort((a, b) => b.priority - a.priority);
  }

  disable(name: string): void {
    const mechName = name.toUpperCase();
    this.mechanisms = this.mechanisms.filter((mech) => mech.name !== mechName);
  }

  createMechanism(names: string[]): Mechanism | null {
    const availableNames = names.map((name) => name.toUpperCase());
    for (const knownMech of this.mechanisms) {
      for (const availableMechName of availableNames) {
        if (availableMechName === knownMech.name) {
          return new knownMech.constructor(knownMech.name);
        }
      }
    }
    return null;
  }
}

export class ANONYMOUS extends SimpleMech implements Mechanism {
  getExpectedCredentials(): ExpectedCredentials {
    return { optional: ['trace'], required: [] };
  }

  createResponse(credentials: Credentials): ShimBuffer {
    return ShimBuffer.from(credentials.trace || '');
  }
}

export class PLAIN extends SimpleMech implements Mechanism {
  getExpectedCredentials(): ExpectedCredentials {
    return { optional: ['authzid'], required: ['username', 'password'] };
  }

  createResponse(credentials: Credentials): ShimBuffer {
    return ShimBuffer.from((credentials.authzid || '') + '\x00' + credentials.username + '\x00' + (credentials.password || credentials.token));
  }
}

/** Registered by stanza's Client under its name; the engine disables it before connecting. */
function leftOut(name: string): MechanismConstructor {
  return class {
    constructor() {
      throw new Error(`The SASL mechanism ${name} is not included in this build (PLAIN and ANONYMOUS only)`);
    }
  } as unknown as MechanismConstructor;
}

export const EXTERNAL = leftOut('EXTERNAL');
export const OAUTH = leftOut('OAUTHBEARER');
export const DIGEST = leftOut('DIGEST-MD5');
export const SCRAM = leftOut('SCRAM');
