// Charts of the analysis boards (from their json rows): Shapley values with 95% intervals, merge curves
// (accuracy along the interpolation between two seeds' adapters) and pruning curves (accuracy as groups are
// dropped or ΔW is sparsified).

import { h } from './dom.js';
import { lineChart, intervalBars, PALETTE } from './charts.js';
import { param } from './format.js';

const MAX_SERIES = 8;

/** " (the best 8 of 12)" when not every row fits in one chart. */
const of = (shown, all) => (shown.length < all.length ? ` (the best ${shown.length} of ${all.length})` : '');

function shapley(rows) {
  const byTrial = new Map();
  for (const r of rows) if (typeof r.phi === 'number') {
    if (!byTrial.has(r.trial)) byTrial.set(r.trial, []);
    byTrial.get(r.trial).push(r);
  }
  // Board order is best trial first; show its groups, and the next two trials' too when there are several.
  return [...byTrial].slice(0, 3).map(([trial, groups]) => intervalBars({
    title: `Shapley values of ${trial}'s groups (φ, 95% interval, ${groups[0].method ?? ''})`,
    xLabel: 'φ', bars: groups.map(g => ({ label: g.group, value: g.phi, low: g.ci_low, high: g.ci_high })),
  }));
}

function merge(rows) {
  const pairs = rows.filter(r => typeof r.acc_at_half === 'number' && typeof r.acc_a === 'number' && typeof r.acc_b === 'number');
  if (pairs.length === 0) return [];
  const shown = pairs.slice(0, MAX_SERIES);
  // Each pair's chord (dashed, same colour) is what averaging would give without a barrier.
  return [lineChart({
    title: `Merge curves${of(shown, pairs)}: accuracy between two seeds' adapters (λ = 0 is the first, 1 the second; dashed: the chord)`,
    xLabel: 'λ', yLabel: 'accuracy',
    series: shown.flatMap((r, i) => [
      { name: `${r.trial_a} × ${r.trial_b}`, color: PALETTE[i % PALETTE.length], points: [{ x: 0, y: r.acc_a }, { x: 0.5, y: r.acc_at_half }, { x: 1, y: r.acc_b }] },
      { name: 'chord', color: PALETTE[i % PALETTE.length], dashed: true, legend: false, points: [{ x: 0, y: r.acc_a }, { x: 1, y: r.acc_b }] },
    ]),
  })];
}

function prune(rows) {
  const curves = rows.filter(r => typeof r.acc_unpruned === 'number');
  if (curves.length === 0) return [];
  const xs = Object.keys(curves[0]).filter(k => k.startsWith('acc_at_') && k !== 'acc_at_half').map(k => [Number(k.slice(7)), k])
    .filter(([x]) => Number.isFinite(x));
  if (!xs.some(([x]) => x === 0.5) && 'acc_at_half' in curves[0]) xs.push([0.5, 'acc_at_half']);
  xs.sort((a, b) => a[0] - b[0]);
  return [lineChart({
    title: `Pruning curves${of(curves.slice(0, MAX_SERIES), curves)}: accuracy as adapter groups are dropped (or ΔW sparsified)`,
    xLabel: 'fraction pruned', yLabel: 'accuracy',
    series: curves.slice(0, MAX_SERIES).map(r => ({
      name: [r.trial, r.order ?? r.mode].filter(Boolean).map(param).join(' · '),
      points: [{ x: 0, y: r.acc_unpruned }, ...xs.map(([x, k]) => ({ x, y: r[k] }))],
    })),
  })];
}

export function analysisCharts({ shapley: s, merge: m, prune: p }) {
  const charts = [...shapley(s ?? []), ...merge(m ?? []), ...prune(p ?? [])];
  return charts.map(c => h('div', { class: 'chart-card' }, c));
}
