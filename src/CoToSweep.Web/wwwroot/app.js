// The dashboard: loads the sweeps, the selected sweep (#sweep=ID in the address) and the cluster, then keeps
// them current from the server-sent events without reloading the page.

import { h, fill, throttle } from './dom.js';
import { api, askToken, takeTokenFromUrl } from './api.js';
import { connect } from './events.js';
import { SweepsView, summary, stateOf } from './sweeps.js';
import { TrialsView } from './trials.js';
import { BoardsView } from './boards.js';
import { renderCluster, tickAges } from './cluster.js';

const $ = id => document.getElementById(id);

const state = { sweeps: new Map(), selected: null, detail: null, cluster: null };
const trials = new TrialsView($('trials'));
const boards = new BoardsView($('boards'), $('analyses'));

function message(text) {
  const box = $('messages');
  const item = h('p', { class: 'error' }, text, ' ', h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, 'dismiss'));
  box.append(item);
  setTimeout(() => item.remove(), 15000);
}

function hashSweep() {
  return new URLSearchParams(location.hash.slice(1)).get('sweep');
}

const sweepsView = new SweepsView($('sweeps-body'), {
  onSelect: id => select(id), onError: message,
  onControl: result => {
    const sweep = state.sweeps.get(result.id);
    if (sweep) state.sweeps.set(result.id, { ...sweep, state: result.state, paused: result.paused });
    drawSweeps();
    loadDetailSoon();
  },
});
const drawSweeps = throttle(() => sweepsView.update([...state.sweeps.values()], state.selected), 300);

async function loadSweeps() {
  const list = await api.sweeps();
  state.sweeps = new Map(list.map(sw => [sw.id, sw]));
  drawSweeps();
  const wanted = hashSweep() ?? state.selected;
  const pick = state.sweeps.has(wanted) ? wanted
    : (list.find(sw => sw.state === 'running') ?? list[list.length - 1])?.id;
  if (pick && pick !== state.selected) await select(pick);
  else if (pick) await loadDetail();
}

async function select(id) {
  state.selected = id;
  history.replaceState(null, '', `#sweep=${encodeURIComponent(id)}`);
  drawSweeps();
  await loadDetail();
}

async function loadDetail() {
  const id = state.selected;
  if (!id) return;
  let detail;
  try { detail = await api.sweep(id); }
  catch (err) { message(`Could not load sweep ${id}: ${err.message}`); return; }
  if (id !== state.selected) return;
  state.detail = detail;
  $('sweep').hidden = false;
  fill($('sweep-h'), detail.name, ' ', h('span', { class: 'id' }, detail.id));
  fill($('sweep-summary'), summary(detail));
  document.title = `${detail.name} (${stateOf(detail)}) · CoToSweep`;
  trials.show(detail);
  boards.show(detail);
}

const loadDetailSoon = throttle(loadDetail, 2000);

async function loadCluster() {
  const slow = setTimeout(() => { if (!state.cluster) fill($('cluster-body'), h('p', { class: 'muted' }, 'The server has not answered for the cluster yet.')); }, 5000);
  try { state.cluster = await api.cluster(); } finally { clearTimeout(slow); }
  renderCluster($('cluster-body'), state.cluster, select);
}

/** Sweeps and cluster load independently: one that fails or hangs does not hold up the other. */
async function loadAll() {
  const results = await Promise.allSettled([loadSweeps(), loadCluster()]);
  const failed = results.find(r => r.status === 'rejected');
  if (!failed) { $('messages').replaceChildren(); return; }
  const err = failed.reason;
  message(err.status === 401 ? 'This server needs its access token: use the Token button.' : `Could not reach the server: ${err.message}`);
}

function onSweep(sw) {
  state.sweeps.set(sw.id, { ...state.sweeps.get(sw.id), ...sw });
  drawSweeps();
  if (sw.id !== state.selected) return;
  state.detail = { ...state.detail, ...sw };
  fill($('sweep-summary'), summary(state.detail));
  loadDetailSoon();
}

function onCluster(cluster) {
  state.cluster = cluster;
  renderCluster($('cluster-body'), cluster, select);
}

function setConnection(status) {
  const el = $('conn');
  el.textContent = status === 'live' ? 'live' : 'reconnecting…';
  el.className = `conn ${status}`;
}

takeTokenFromUrl();
$('token-button').addEventListener('click', async () => {
  if (await askToken('Enter the token from <state>/http-token (kept in this browser).')) loadAll();
});
window.addEventListener('hashchange', () => {
  const id = hashSweep();
  if (id && id !== state.selected && state.sweeps.has(id)) select(id);
});
setInterval(() => tickAges(document), 1000);

// The stream starts with the first load (its first events are the current state anyway).
const first = loadAll();
await Promise.race([first, new Promise(resolve => setTimeout(resolve, 3000))]);
connect({
  sweep: onSweep, trial: e => trials.onEvent(e), cluster: onCluster, onState: setConnection,
  onReconnect: () => { loadAll(); trials.refresh(); },
});
