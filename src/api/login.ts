/**
 * How a browser gets into the inspector page without the token in its URL:
 * `GET /login?once=<code>` (the link `corral run` prints once) or the token typed
 * into the form at `/login` is exchanged for a session cookie, then `/`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAuth } from './auth.js';

/** The login page and the page itself: no framing (clickjacking of the crash and hang buttons). */
export const FRAME_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
} as const;

const LOGIN_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A typed-in token is at most this long; the form body no longer. */
const MAX_FORM_BYTES = 4096;

/** Handles `/login`; false for any other path. */
export async function handleLogin(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  auth: ApiAuth,
): Promise<boolean> {
  if (url.pathname !== '/login') return false;
  const method = request.method ?? 'GET';
  if (!auth.enabled) {
    redirect(response, '/');
    return true;
  }
  if (method === 'GET') {
    const once = url.searchParams.get('once');
    if (once === null) {
      page(response, 200, '');
      return true;
    }
    const session = auth.redeemLoginCode(once);
    if (!session) {
      page(
        response,
        401,
        'This login link was used already, or has expired (links last 5 minutes and work once). ' +
          'Enter the token below, or restart the hub for a new link.',
      );
      return true;
    }
    redirect(response, '/', auth.sessionCookie(session));
    return true;
  }
  if (method === 'POST') {
    const token = await readFormToken(request);
    if (token === undefined || !auth.checkToken(token)) {
      page(response, 401, 'That is not the hub’s token.');
      return true;
    }
    redirect(response, '/', auth.sessionCookie(auth.openSession()));
    return true;
  }
  response.writeHead(405, { allow: 'GET, POST', 'content-length': 0 });
  response.end();
  return true;
}

async function readFormToken(request: IncomingMessage): Promise<string | undefined> {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  let text = '';
  for await (const chunk of request) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > MAX_FORM_BYTES) return undefined;
  }
  return new URLSearchParams(text).get('token')?.trim() || undefined;
}

function redirect(response: ServerResponse, location: string, cookie?: string): void {
  response.writeHead(303, {
    location,
    'cache-control': 'no-store',
    'content-length': 0,
    ...FRAME_HEADERS,
    ...(cookie ? { 'set-cookie': cookie } : {}),
  });
  response.end();
}

function page(response: ServerResponse, status: number, problem: string): void {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Corral: log in</title>
<style>body{font:15px system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.4rem;margin:.5rem 0}
.problem{color:#b00020}code{background:#eee;padding:0 .2rem}</style></head>
<body>
<h1>Corral inspector</h1>
${problem ? `<p class="problem">${problem}</p>` : ''}
<p>Open the login link <code>corral run</code> printed, or enter the hub’s token: it is in
<code>&lt;data dir&gt;/.corral/auth_token</code>, or <code>api.token</code> in corral.yaml.</p>
<form method="post" action="/login">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button>
</form>
</body>
</html>
`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': LOGIN_CSP,
    ...FRAME_HEADERS,
  });
  response.end(html);
}
