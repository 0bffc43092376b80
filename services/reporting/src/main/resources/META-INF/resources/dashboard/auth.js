// OpenID Connect authorization-code flow with PKCE (RFC 7636) against Keycloak, public client.
// Tokens live in this module's memory only (never in storage or cookies); the one thing kept in
// sessionStorage across the redirect is the PKCE verifier, the state and the view to return to.
const PENDING = 'nelm.dashboard.pkce';
let cfg = null;
let tokens = null;          // {access, refresh, id, expiresAt}
let refreshTimer = null;
let idleTimer = null;
let lastActivity = Date.now();
const listeners = [];
const idleListeners = [];

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const endpoint = (name) => `${cfg.auth_server_url}/protocol/openid-connect/${name}`;
const redirectUri = () => `${location.origin}/`;

export function decodeJwt(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

export async function init(config) {
  cfg = config;
  const params = new URLSearchParams(location.search);
  if (params.has('logged_out')) {
    history.replaceState(null, '', '/');
    return { state: 'logged_out', reason: params.get('logged_out') };
  }
  if (params.has('error')) {
    const detail = params.get('error_description') || params.get('error');
    history.replaceState(null, '', '/');
    return { state: 'error', detail };
  }
  if (params.has('code')) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    if (!pending || pending.state !== params.get('state')) {
      history.replaceState(null, '', '/');
      return { state: 'error', detail: 'The login answer did not match this page’s request (state). Please log in again.' };
    }
    await tokenRequest({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: cfg.client_id, code_verifier: pending.verifier,
    });
    history.replaceState(null, '', '/' + (pending.hash || ''));
    startIdleWatch();
    return { state: 'authenticated' };
  }
  return { state: 'anonymous' };
}

export async function login() {
  const verifier = randomString(48);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
  const q = new URLSearchParams({
    response_type: 'code', client_id: cfg.client_id, redirect_uri: redirectUri(), scope: 'openid',
    state, code_challenge: b64url(digest), code_challenge_method: 'S256',
  });
  location.assign(`${endpoint('auth')}?${q}`);
}

export function logout(reason = '1') {
  const idToken = tokens && tokens.id;
  forget();
  if (reason === 'idle') idleListeners.forEach((f) => f());
  const q = new URLSearchParams({ client_id: cfg.client_id, post_logout_redirect_uri: `${redirectUri()}?logged_out=${reason}` });
  if (idToken) q.set('id_token_hint', idToken);
  location.assign(`${endpoint('logout')}?${q}`);
}

function forget() {
  tokens = null;
  clearTimeout(refreshTimer);
  clearInterval(idleTimer);
}

const idleFor = () => Date.now() - lastActivity;
const isIdle = () => cfg && idleFor() >= cfg.idle_timeout_seconds * 1000;

/**
 * Ends an idle session: the tokens are dropped at once (whatever happens next, this page can no
 * longer call the API), the listener shows "signed out after inactivity", then Keycloak's own
 * session is ended too so that signing in again asks for the password.
 */
function signOutIdle() {
  logout('idle');
}

async function tokenRequest(form) {
  const res = await fetch(endpoint('token'), {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form), credentials: 'omit',
  });
  if (!res.ok) {
    forget();
    throw new Error(`Keycloak refused the token request (HTTP ${res.status})`);
  }
  const t = await res.json();
  tokens = { access: t.access_token, refresh: t.refresh_token, id: t.id_token || (tokens && tokens.id), expiresAt: Date.now() + t.expires_in * 1000 };
  clearTimeout(refreshTimer);
  // refresh a little before expiry, but only while the user is active: an idle session ends instead
  refreshTimer = setTimeout(() => {
    if (isIdle()) signOutIdle();
    else refresh().catch(() => login());
  }, Math.max(5, t.expires_in - 30) * 1000);
  listeners.forEach((f) => f());
}

export async function refresh() {
  if (!tokens || !tokens.refresh) throw new Error('not logged in');
  await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: cfg.client_id });
}

function startIdleWatch() {
  lastActivity = Date.now();
  // moving to another page of the dashboard (a link, a pasted URL) is activity too
  const touch = () => { lastActivity = Date.now(); };
  ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove', 'hashchange'].forEach((e) => addEventListener(e, touch, { passive: true }));
  clearInterval(idleTimer);
  // checked every second; a tab asleep past the limit is signed out on its first tick after waking
  idleTimer = setInterval(() => { if (tokens && isIdle()) signOutIdle(); }, 1000);
}

export const accessToken = () => tokens && tokens.access;
export const claims = () => (tokens ? decodeJwt(tokens.access) : null);
export const onTokens = (f) => listeners.push(f);
/** Called when inactivity ends the session, before the page leaves for Keycloak's logout. */
export const onIdleSignOut = (f) => idleListeners.push(f);
export const idleTimeoutSeconds = () => cfg && cfg.idle_timeout_seconds;
