import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * JWTs the emulator issues (guests, screen-recording users). HS256 with a secret generated
 * per emulator process: clients decode without verifying (like upstream), the emulator verifies
 * on `/stream/jwt/{jwt}` and when a JWT is used as a bearer token.
 */
export interface JwtClaims {
  data: { jid: string; uid?: string; conversationId?: string; sourceCommunicationId?: string; [key: string]: unknown };
  exp: number;
  iat: number;
  iss: string;
  org: string;
  name?: string;
  [key: string]: unknown;
}

export const GUEST_ISSUER = 'urn:purecloud:conversation';
export const SCREEN_RECORDING_ISSUER = 'urn:purecloud:screenrecording';

export class JwtIssuer {
  private readonly secret = randomBytes(32);

  sign(claims: JwtClaims): string {
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const body = `${header}.${encode(claims)}`;
    return `${body}.${this.mac(body)}`;
  }

  /** Returns the claims of a valid, unexpired JWT this emulator signed. */
  verify(jwt: string, nowSeconds = Date.now() / 1000): JwtClaims | undefined {
    const parts = jwt.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2] ?? '');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as JwtClaims;
      if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
      if (typeof claims.data?.jid !== 'string') return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
