/**
 * Who may use the hub's API: a caller with the hub's token (`Authorization: Bearer`),
 * or a browser with a session cookie, which it gets for a one-time login code or for
 * the token typed into the login page. Every other local process or user is refused:
 * they could otherwise read every state, drive every device and kill sandboxes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiAuthOptions {
  /** The hub's token; `undefined` turns authentication off (`api.auth: false`). */
  readonly token: string | undefined;
  /**
   * The session cookie's name, asked when used (the port is known once the server listens).
   * Default `corral_session`; per port is better: browsers share cookies between a host's ports.
   */
  readonly cookieName?: () => string;
  /** How long a one-time login code stays usable. Default 5 minutes. */
  readonly loginCodeTtlMs?: number;
  readonly now?: () => number;
}

/** At most this many one-time codes wait at once, and this many sessions live; the oldest go first. */
const MAX_LOGIN_CODES = 16;
const MAX_SESSIONS = 256;

/** 256 random bits, URL-safe: tokens, login codes and session ids. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class ApiAuth {
  readonly enabled: boolean;
  readonly #cookieName: () => string;
  readonly #digest: Buffer | undefined;
  readonly #loginCodes = new Map<string, number>();
  readonly #sessions = new Set<string>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: ApiAuthOptions) {
    this.enabled = options.token !== undefined;
    this.#digest = options.token === undefined ? undefined : digest(options.token);
    this.#cookieName = options.cookieName ?? (() => 'corral_session');
    this.#ttlMs = options.loginCodeTtlMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Whether `candidate` is the hub's token; always true with authentication off.
   * Constant-time: both sides are hashed first, so neither content nor length leaks.
   */
  checkToken(candidate: string): boolean {
    if (!this.#digest) return true;
    return timingSafeEqual(digest(candidate), this.#digest);
  }

  /**
   * A request carrying the token as a Bearer header, or a live session cookie. With `basic`
   * (WebSocket upgrades), also the token as the password of a Basic header: what `ws` sends for
   * `ws://corral:<token>@host/…`, for clients that take only a URL (Stately's receiver). The
   * user-info part of a URL never travels in the request line, so it reaches no log.
   */
  isAuthorized(headers: IncomingHttpHeaders, options: { basic?: boolean } = {}): boolean {
    if (!this.enabled) return true;
    const header = headers.authorization;
    if (header?.startsWith('Bearer ')) return this.checkToken(header.slice('Bearer '.length));
    if (options.basic && header?.startsWith('Basic ')) {
      const userPass = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
      const colon = userPass.indexOf(':');
      return colon >= 0 && this.checkToken(userPass.slice(colon + 1));
    }
    const session = cookieValue(headers.cookie, this.#cookieName());
    return session !== undefined && this.#sessions.has(session);
  }

  /** A code that `redeemLoginCode` accepts once, within the TTL. */
  issueLoginCode(): string {
    this.#forgetExpiredCodes();
    const code = randomSecret();
    this.#loginCodes.set(code, this.#now() + this.#ttlMs);
    while (this.#loginCodes.size > MAX_LOGIN_CODES) {
      const [oldest] = this.#loginCodes.keys();
      if (oldest !== undefined) this.#loginCodes.delete(oldest);
    }
    return code;
  }

  /** A new session id for a code issued here, unused and unexpired; the code dies either way. */
  redeemLoginCode(code: string): string | undefined {
    this.#forgetExpiredCodes();
    if (!this.#loginCodes.delete(code)) return undefined;
    return this.openSession();
  }

  openSession(): string {
    const id = randomSecret();
    this.#sessions.add(id);
    while (this.#sessions.size > MAX_SESSIONS) {
      const [oldest] = this.#sessions;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    return id;
  }

  /** `Set-Cookie` for a session: script cannot read it, other sites cannot send it. */
  sessionCookie(id: string): string {
    return `${this.#cookieName()}=${id}; HttpOnly; SameSite=Strict; Path=/`;
  }

  #forgetExpiredCodes(): void {
    const now = this.#now();
    for (const [code, expiresAt] of this.#loginCodes) if (expiresAt <= now) this.#loginCodes.delete(code);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
