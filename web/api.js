// The HTTP JSON API (/api/v1/...). The session token lives in sessionStorage
// (this tab only); every error is thrown as an ApiError built from the
// server's problem details (RFC 9457: detail, and errors [{field, detail}]).

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
    if (res.status === 401 && s) { saveSession(null); }
    throw await errorFrom(res);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

// An ApiError from an error response: the problem's detail and every field
// problem it lists.
async function errorFrom(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON: a proxy's page */ }
  return errorFromBody(res.status, res.statusText, body);
}
function errorFromBody(status, statusText, body) {
  if (!body || typeof body !== 'object') return new ApiError(status, null, `${status} ${statusText}`);
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const first = errors[0] || {};
  // The list when it says more than the detail does (several fields, or a
  // condition behind a general refusal).
  const problems = errors.length > 1 || (errors.length === 1 && first.detail !== body.detail)
    ? errors.map((e) => ({ field: e.field, reason: e.detail })) : [];
  return new ApiError(status, first.field || null, body.detail || `${status} ${statusText}`, problems);
}

export const get = (path) => request('GET', path);

// Every page of a list: follows "next" and joins the pages' `key` arrays.
export async function getAll(path, key) {
  const first = await get(path);
  for (let page = first; page.next;) {
    page = await get(page.next);
    first[key].push(...page[key]);
  }
  first.next = null;
  return first;
}

// Sends a form (a file with its fields) with XMLHttpRequest, whose upload
// progress fetch cannot report; onProgress(sent, total) while it goes.
export function sendForm(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const s = session();
    if (s && s.token) xhr.setRequestHeader('Authorization', `Bearer ${s.token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded, e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) { resolve(xhr.response); return; }
      if (xhr.status === 401 && s) saveSession(null);
      reject(errorFromBody(xhr.status, xhr.statusText, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, null, 'the server could not be reached'));
    xhr.send(form);
  });
}
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
