// Calls to the HTTP API. Reads and mutations carry the bearer token kept in localStorage (key cotosweep.token);
// a 401 asks for it once (the token dialog) and retries.

const KEY = 'cotosweep.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return localStorage.getItem(KEY) || '';
}

export function setToken(value) {
  if (value) localStorage.setItem(KEY, value);
  else localStorage.removeItem(KEY);
}

/** Moves a `#token=…` of the address into localStorage and strips it from the address bar. */
export function takeTokenFromUrl() {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (!hash.has('token')) return;
  setToken(hash.get('token'));
  hash.delete('token');
  const rest = hash.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
}

let asking = null;

/** Shows the token dialog (once, however many calls are waiting) and resolves when it is closed. */
export function askToken(message) {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-message').textContent = message || 'This server needs its access token.';
  input.value = token();
  asking = new Promise(resolve => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'save') setToken(input.value.trim());
      asking = null;
      resolve(dialog.returnValue === 'save');
    }, { once: true });
  });
  dialog.showModal();
  return asking;
}

async function call(method, path, body, retried = false) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const response = await fetch(path, { method, headers, body });
  if (response.status === 401 && !retried) {
    if (await askToken(t ? 'The saved token was refused; enter the token from <state>/http-token.' : undefined))
      return call(method, path, body, true);
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function get(path) {
  return (await call('GET', path)).json();
}

export async function post(path) {
  const response = await call('POST', path);
  return response.status === 204 ? null : response.json();
}

export const api = {
  sweeps: () => get('/api/sweeps'),
  sweep: id => get(`/api/sweeps/${encodeURIComponent(id)}`),
  trials: (id, { offset, limit, sort, desc, status, q }) => {
    const query = new URLSearchParams({ offset, limit });
    if (sort) { query.set('sort', sort); query.set('desc', String(!!desc)); }
    if (status) query.set('status', status);
    if (q) query.set('q', q);
    return get(`/api/sweeps/${encodeURIComponent(id)}/trials?${query}`);
  },
  curve: (id, trial) => get(`/api/sweeps/${encodeURIComponent(id)}/trials/${encodeURIComponent(trial)}/curve`),
  board: (id, board) => get(`/api/sweeps/${encodeURIComponent(id)}/boards/${encodeURIComponent(board)}?format=json`),
  cluster: () => get('/api/cluster'),
  control: (id, action) => post(`/api/sweeps/${encodeURIComponent(id)}/${action}`),
};
