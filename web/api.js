// The HTTP JSON API (/api/v1/...). The session token lives in sessionStorage
// (this tab only); every error is thrown as an ApiError with the server's
// {"error":{"field","reason"}}.

export class ApiError extends Error {
  constructor(status, field, reason, problems = []) {
    super(reason || `HTTP ${status}`);
    this.status = status;
    this.field = field || null;
    this.reason = reason || `HTTP ${status}`;
    this.problems = problems;  // [{field, reason}] when the server found several
  }
}

const KEY = 'precursor.session';

export function session() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

function saveSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s)); else sessionStorage.removeItem(KEY);
}

export async function request(method, path, { json, body, headers = {}, raw = false } = {}) {
  const s = session();
  const h = { ...headers };
  if (s && s.token) h.Authorization = `Bearer ${s.token}`;
  if (json !== undefined) { h['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const res = await fetch(path, { method, headers: h, body });
  if (!res.ok) {
    let field = null, reason = `${res.status} ${res.statusText}`, problems = [];
    try { const e = (await res.json()).error; field = e.field; reason = e.reason; problems = e.problems || []; } catch { /* not JSON */ }
    if (res.status === 401 && s) { saveSession(null); }
    throw new ApiError(res.status, field, reason, problems);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

export const get = (path) => request('GET', path);
export const post = (path, json) => request('POST', path, { json });
export const patch = (path, json) => request('PATCH', path, { json });

export async function login(username, password) {
  const r = await request('POST', '/api/v1/login', { json: { username, password } });
  saveSession({ token: r.token, user: r.user, organisation: r.organisation });
  return r;
}

export async function logout() {
  try { await request('POST', '/api/v1/logout'); } catch { /* already gone */ }
  saveSession(null);
}

// Downloads a stored document (the session's token cannot ride on a plain link).
export async function download(path, filename) {
  const res = await request('GET', path, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// An SVG depiction of a SMILES with highlighted atoms, as an object URL.
export async function depictUrl(smiles, atoms = [], legend = '') {
  const res = await request('POST', '/api/v1/depict', { json: { smiles, atoms, legend }, raw: true });
  return URL.createObjectURL(await res.blob());
}
