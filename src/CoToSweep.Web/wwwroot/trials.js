// The live trial table of one sweep (paged, sorted and filtered by the server) and the selected trial's
// learning curve: one small chart per metric it reports, against the step.

import { h, fill, debounce, throttle } from './dom.js';
import { num, param, time, duration } from './format.js';
import { api } from './api.js';
import { VirtualTable } from './vtable.js';
import { lineChart } from './charts.js';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'stopped'];

function columns(sweep) {
  const objective = sweep.objective?.metric ?? 'objective';
  // step has its own column (it is a reserved key of the reports, not a metric).
  const metrics = (sweep.metrics ?? []).filter(m => m !== objective && m !== 'step');
  const seconds = t => (t.started && t.finished ? (new Date(t.finished) - new Date(t.started)) / 1000 : null);
  return [
    { key: 'id', label: 'trial', value: t => t.id },
    { key: 'status', label: 'status', value: t => t.status, classOf: v => `status-${v}` },
    // A running trial has no objective yet: show its latest reported value (as the trials board does), unranked.
    { key: 'objective', label: objective, numeric: true, value: t => t.objective ?? t.metrics?.[objective], text: num },
    { key: 'step', label: 'step', numeric: true, value: t => t.step, text: num },
    { key: 'attempt', label: 'attempt', numeric: true, value: t => t.attempt, text: num, sortable: false },
    ...(sweep.parameters ?? []).map(p => ({ key: p, label: p, numeric: false, value: t => t.params?.[p], text: param })),
    ...metrics.map(m => ({ key: m, label: m, numeric: true, value: t => t.metrics?.[m], text: num })),
    { key: 'started', label: 'started', value: t => t.started, text: time },
    { key: 'seconds', label: 'seconds', numeric: true, value: seconds, text: v => (v === null ? '' : duration(v)), sortable: false },
  ];
}

export class TrialsView {
  constructor(container) {
    this.container = container;
    this.sweep = null;
    this.trial = null;
    this.refreshSoon = throttle(() => this.table?.refresh(), 1500);
    this.curveSoon = throttle(() => this.loadCurve(), 2000);
  }

  show(sweep) {
    const same = this.sweep?.id === sweep.id;
    const known = same && String(this.sweep.metrics) === String(sweep.metrics) && String(this.sweep.parameters) === String(sweep.parameters);
    this.sweep = sweep;
    if (known) return;
    if (same) { this.table.setColumns(columns(sweep)); return; }
    this.trial = null;
    this.table = new VirtualTable({
      label: `Trials of ${sweep.name}`, columns: columns(sweep), rowKey: t => t.id,
      source: query => api.trials(sweep.id, query), onActivate: t => this.open(t.id), empty: 'No trials match.',
    });
    const search = h('input', { type: 'search', id: 'trial-filter', placeholder: 'trial id or parameter value', 'aria-label': 'Filter trials' });
    const status = h('select', { id: 'trial-status', 'aria-label': 'Trial status' },
      h('option', { value: '' }, 'all statuses'), STATUSES.map(v => h('option', { value: v }, v)));
    const apply = () => this.table.setFilter({ q: search.value.trim(), status: status.value });
    search.addEventListener('input', debounce(apply, 250));
    status.addEventListener('change', apply);
    this.curve = h('div', { class: 'curve', id: 'curve', 'aria-live': 'polite' },
      h('p', { class: 'muted' }, 'Select a trial to see its learning curve.'));
    fill(this.container,
      h('div', { class: 'filters' }, h('label', {}, 'Filter ', search), h('label', {}, 'Status ', status)),
      h('div', { class: 'trials-layout' }, this.table.element,
        h('section', { class: 'curve-panel', 'aria-labelledby': 'curve-h' }, h('h4', { id: 'curve-h' }, 'Learning curve'), this.curve)));
    this.table.refresh();
  }

  /** A live trial event: the row changes in place now; the page in view is fetched again shortly (order, counts). */
  onEvent(event) {
    if (!this.table || event.sweep !== this.sweep?.id) return;
    this.table.patch(event.id, t => ({
      ...t, status: event.status ?? t.status, objective: event.objective ?? t.objective, step: event.step ?? t.step,
      metrics: { ...t.metrics, ...(event.metrics ?? {}) },
    }));
    this.refreshSoon();
    if (event.id === this.trial) this.curveSoon();
  }

  refresh() {
    this.table?.refresh();
    if (this.trial) this.loadCurve();
  }

  open(id) {
    this.trial = id;
    this.table.select(id);
    fill(this.curve, h('p', { class: 'muted' }, `Loading ${id}…`));
    this.loadCurve();
  }

  async loadCurve() {
    const id = this.trial, sweepId = this.sweep.id;
    let curve;
    try { curve = await api.curve(sweepId, id); }
    catch (err) { fill(this.curve, h('p', { class: 'error' }, `Could not load the curve of ${id}: ${err.message}`)); return; }
    if (id !== this.trial || sweepId !== this.sweep.id) return;
    const metrics = [...new Set(curve.points.flatMap(p => Object.keys(p.metrics ?? {})))].filter(m => m !== 'step');
    const objective = this.sweep.objective?.metric;
    metrics.sort((a, b) => (a === objective ? -1 : b === objective ? 1 : 0));
    if (metrics.length === 0) {
      fill(this.curve, h('p', { class: 'muted' }, `${id} has reported no metrics yet.`));
      return;
    }
    // Metrics reported once (final evaluations) are listed; the others get a chart each.
    const pointsOf = m => curve.points.map(p => ({ x: p.step, y: p.metrics?.[m] })).filter(p => typeof p.y === 'number');
    const charted = metrics.filter(m => pointsOf(m).length > 1 || m === objective);
    const once = metrics.filter(m => !charted.includes(m));
    fill(this.curve, h('p', { class: 'curve-title' }, h('strong', {}, id), ` · ${curve.points.length} reports`),
      h('div', { class: 'curve-grid' }, charted.map(m => lineChart({ title: m, xLabel: 'step', width: 400, height: 190, series: [{ name: m, points: pointsOf(m) }] }))),
      once.length ? h('p', { class: 'curve-once' }, 'Reported once: ', once.map((m, i) => {
        const [p] = pointsOf(m);
        return [i ? ' · ' : '', h('span', { class: 'metric' }, m), ` ${num(p.y)} (step ${num(p.x)})`];
      })) : null);
  }
}
