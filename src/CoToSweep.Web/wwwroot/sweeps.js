// The sweeps list: state, progress bar, counts, best so far, ETA, and pause / resume / cancel.

import { h, fill } from './dom.js';
import { num, duration, time, param } from './format.js';
import { api } from './api.js';

/** The state a person cares about first: stalled and paused override the journal's state. */
export function stateOf(sweep) {
  if (sweep.stalled) return 'stalled';
  if (sweep.paused && !isFinished(sweep)) return 'paused';
  return sweep.state;
}

export const isFinished = sweep => ['completed', 'failed', 'cancelled'].includes(sweep.state);

export function stateBadge(sweep) {
  const state = stateOf(sweep);
  return h('span', { class: `badge state-${state}`, title: sweep.stalled?.reason }, state);
}

export function progressBar(trials) {
  const total = Math.max(1, trials.total);
  const done = trials.completed + trials.failed + (trials.stopped ?? 0);
  const part = (n, cls, label) => n > 0
    ? h('span', { class: `part ${cls}`, style: `width:${(100 * n) / total}%`, title: `${n} ${label}` }) : null;
  return h('div', {
    class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(trials.total),
    'aria-valuenow': String(done), 'aria-valuetext': `${done} of ${trials.total} trials finished`,
  }, part(trials.completed, 'completed', 'completed'), part(trials.stopped ?? 0, 'stopped', 'stopped early'),
  part(trials.failed, 'failed', 'failed'), part(trials.running, 'running', 'running'));
}

export function best(sweep) {
  const b = sweep.best;
  if (!b || b.value === null || b.value === undefined) return '';
  return `${num(b.value)} (${b.trial})`;
}

/** Pause/resume and cancel for one sweep; cancel asks for a second click (no modal dialog). */
function controls(sweep, onDone, onError) {
  if (isFinished(sweep)) return h('span', { class: 'muted' }, '—');
  const act = async (button, action) => {
    button.disabled = true;
    try { onDone(await api.control(sweep.id, action)); }
    catch (err) { onError(`${action} ${sweep.name}: ${err.message}`); }
    finally { button.disabled = false; }
  };
  const toggle = h('button', { type: 'button', class: 'control' }, sweep.paused ? 'Resume' : 'Pause');
  toggle.addEventListener('click', e => { e.stopPropagation(); act(toggle, sweep.paused ? 'resume' : 'pause'); });
  const cancel = h('button', { type: 'button', class: 'control danger' }, 'Cancel');
  cancel.addEventListener('click', e => {
    e.stopPropagation();
    if (cancel.dataset.armed) { act(cancel, 'cancel'); return; }
    cancel.dataset.armed = '1';
    cancel.textContent = 'Really cancel?';
    setTimeout(() => { delete cancel.dataset.armed; cancel.textContent = 'Cancel'; }, 4000);
  });
  return h('span', { class: 'controls' }, toggle, cancel);
}

const HEADINGS = ['Sweep', 'State', 'Progress', 'Finished', 'Running', 'Failed', 'Best', 'ETA', 'Updated', 'Actions'];
const NUMERIC = new Set(['Finished', 'Running', 'Failed', 'Best', 'ETA', 'Updated']);

/**
 * The sweeps table. Rows are kept per sweep and their cells replaced only when what they show changed, so that
 * a burst of events neither redraws the table nor takes the keyboard focus off a button.
 */
export class SweepsView {
  constructor(container, { onSelect, onControl, onError }) {
    Object.assign(this, { container, onSelect, onControl, onError });
    this.rows = new Map();
    this.tbody = h('tbody');
    this.table = h('table', { class: 'grid sweeps' }, h('caption', { class: 'visually-hidden' }, 'Sweeps'),
      h('thead', {}, h('tr', {}, HEADINGS.map(l => h('th', { scope: 'col', class: NUMERIC.has(l) ? 'num' : undefined }, l)))), this.tbody);
  }

  update(sweeps, selected) {
    if (sweeps.length === 0) {
      fill(this.container, h('p', { class: 'muted' }, 'No sweeps yet. Start one with cotosweep run SWEEP.yaml --http :8080.'));
      return;
    }
    if (this.table.parentNode !== this.container) fill(this.container, this.table);
    const order = sweeps.map(sw => this.row(sw, selected));
    if (order.some((tr, i) => this.tbody.children[i] !== tr) || order.length !== this.tbody.children.length) this.tbody.replaceChildren(...order);
  }

  row(sw, selected) {
    let entry = this.rows.get(sw.id);
    if (!entry) {
      const tr = h('tr', { dataset: { sweep: sw.id } }, HEADINGS.map((l, i) => i === 0 ? h('th', { scope: 'row' }) : h('td', { class: NUMERIC.has(l) ? 'num' : undefined })));
      tr.addEventListener('click', e => { if (e.target.closest('button') === null) this.onSelect(sw.id); });
      entry = { tr, shown: [] };
      this.rows.set(sw.id, entry);
    }
    entry.tr.setAttribute('aria-selected', String(sw.id === selected));
    const t = sw.trials;
    const done = t.completed + t.failed + (t.stopped ?? 0);
    const cells = [
      [`${sw.name}|${sw.id}`, () => [h('button', { type: 'button', class: 'link', onclick: () => this.onSelect(sw.id) }, sw.name), h('div', { class: 'id' }, sw.id)]],
      [stateOf(sw), () => stateBadge(sw)],
      [JSON.stringify(t), () => progressBar(t)],
      [`${done} / ${t.total}`], [t.running], [t.failed], [best(sw)],
      [isFinished(sw) ? '' : duration(sw.eta_seconds)], [time(sw.updated)],
      [`${isFinished(sw)}|${sw.paused}`, () => controls(sw, this.onControl, this.onError)],
    ];
    cells.forEach(([key, make], i) => {
      const k = String(key);
      if (entry.shown[i] === k) return;
      entry.shown[i] = k;
      fill(entry.tr.children[i], make ? make() : k);
    });
    return entry.tr;
  }
}

/** The best trial's parameters that vary in the sweep (all of them when the sweep does not say which vary). */
function bestParams(params, varying) {
  const entries = Object.entries(params ?? {}).filter(([k]) => !varying || varying.includes(k));
  return entries.length ? `  (${entries.map(([k, v]) => `${k}=${param(v)}`).join(', ')})` : '';
}

/** The selected sweep's summary line: objective, best with its parameters, started, ETA. */
export function summary(sweep) {
  const b = sweep.best;
  const obj = sweep.objective ? `${sweep.objective.metric} (${sweep.objective.direction})` : '';
  const items = [
    ['State', stateBadge(sweep)],
    ['Objective', obj],
    ['Trials', `${sweep.trials.completed} completed · ${sweep.trials.running} running · ${sweep.trials.pending} pending · ${sweep.trials.failed} failed`
      + (sweep.trials.stopped ? ` · ${sweep.trials.stopped} stopped` : '')],
    ['Best', b && b.value !== null && b.value !== undefined
      ? `${b.trial}: ${b.metric} = ${num(b.value)}` + bestParams(b.params, sweep.parameters)
      : '—'],
    ['Started', time(sweep.started) || '—'],
    ['ETA', isFinished(sweep) ? '—' : duration(sweep.eta_seconds) || '—'],
  ];
  if (sweep.stalled) items.push(['Stalled', `since ${time(sweep.stalled.since)}: ${sweep.stalled.reason}`]);
  if (sweep.analyses) items.push(['Analyses', `${sweep.analyses.completed} / ${sweep.analyses.total} completed, ${sweep.analyses.running} running`]);
  return h('dl', { class: 'summary' }, items.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}
