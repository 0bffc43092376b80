// The report API with the user's bearer token from memory. No cookie is ever sent
// (credentials: 'omit'), so a cross-site page cannot make the browser call it as the user.
import * as auth from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function call(method, path, { params, body, accept = 'application/json' } = {}, retried = false) {
  // signed out (e.g. after inactivity): no call without a token, and no new login from here
  if (!auth.accessToken()) throw new ApiError(401, { detail: 'You are signed out.' });
  const q = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')) : null;
  const url = path + (q && [...q].length ? `?${q}` : '');
  const headers = { Accept: accept, Authorization: `Bearer ${auth.accessToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  if (res.status === 401 && !retried && auth.accessToken()) {
    await auth.refresh().catch(() => auth.login());
    return call(method, path, { params, body, accept }, true);
  }
  if (!res.ok) {
    let problem = null;
    try { problem = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, problem);
  }
  return res;
}

export const get = async (path, params) => (await call('GET', path, { params })).json();
export const post = async (path, body) => (await call('POST', path, { body })).json();
export const blob = async (path) => {
  const res = await call('GET', path, { accept: '*/*' });
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  return { blob: await res.blob(), filename: m ? m[1] : path.split('/').pop() };
};
