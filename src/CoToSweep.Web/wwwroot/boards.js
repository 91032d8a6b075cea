// The leaderboards of one sweep: a tab per board it has, each the CLI's `leaderboard --format json` rendered as a
// sortable table (client-side: a board is the CLI's ranked rows, sorted again by clicking a header).

import { h, fill, throttle, debounce } from './dom.js';
import { num, isNumeric } from './format.js';
import { api } from './api.js';
import { VirtualTable, localSource } from './vtable.js';
import { analysisCharts } from './analyses.js';

const NAMES = {
  trials: 'Trials', configs: 'Configurations', pareto: 'Pareto', importance: 'Importance', shapley: 'Shapley',
  merge: 'Merge', 'merge-configs': 'Merge by config', prune: 'Prune', 'prune-configs': 'Prune by config', corruption: 'Corruption',
};

/** Columns in the board's own order (the first row's keys, then any a later row adds). */
function boardColumns(rows) {
  const keys = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return keys.map(key => {
    const numeric = rows.some(r => r[key] !== null && r[key] !== undefined)
      && rows.every(r => r[key] === null || r[key] === undefined || isNumeric(r[key]));
    return { key, label: key, numeric, value: r => r[key], text: numeric ? num : v => (v === null || v === undefined ? '' : String(v)) };
  });
}

export class BoardsView {
  constructor(container, chartsContainer) {
    this.container = container;
    this.chartsContainer = chartsContainer;
    this.sweep = null;
    this.active = null;
    this.rows = [];
    // A board is fetched whole: a large one (thousands of trials) is fetched again less often while events flow.
    const fast = throttle(() => this.refresh(), 3000), slow = throttle(() => this.refresh(), 15000);
    this.refreshSoon = () => (this.rows.length > 1000 ? slow : fast)();
  }

  show(sweep) {
    const boards = sweep.boards ?? [];
    const same = this.sweep?.id === sweep.id && String(this.sweep.boards) === String(boards);
    this.sweep = sweep;
    if (same) { this.refreshSoon(); return; }
    if (!boards.includes(this.active)) this.active = boards[0] ?? null;
    this.tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Leaderboards' }, boards.map(b => h('button', {
      type: 'button', role: 'tab', id: `tab-${b}`, 'aria-selected': String(b === this.active), 'aria-controls': 'board-panel',
      dataset: { board: b }, onclick: () => this.select(b),
    }, NAMES[b] ?? b)));
    this.panel = h('div', { id: 'board-panel', role: 'tabpanel', 'aria-labelledby': this.active ? `tab-${this.active}` : undefined });
    fill(this.container, boards.length ? [this.tabs, this.panel] : h('p', { class: 'muted' }, 'No boards yet.'));
    this.table = null;
    this.refresh();
  }

  select(board) {
    this.active = board;
    for (const tab of this.tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.board === board));
    this.panel.setAttribute('aria-labelledby', `tab-${board}`);
    this.table = null;
    this.loadActive();
  }

  async refresh() {
    await Promise.all([this.loadActive(), this.loadCharts()]);
  }

  async loadActive() {
    const board = this.active, sweepId = this.sweep?.id;
    if (!board) return;
    let rows;
    try { rows = await api.board(sweepId, board); }
    catch (err) { fill(this.panel, h('p', { class: 'error' }, `Could not load the ${board} board: ${err.message}`)); return; }
    if (board !== this.active || sweepId !== this.sweep.id) return;
    this.rows = rows;
    const cols = boardColumns(rows);
    if (!this.table) {
      this.table = new VirtualTable({
        label: `${NAMES[board] ?? board} leaderboard`, columns: cols, source: localSource(() => this.rows),
        rowKey: r => JSON.stringify(r), height: 360, empty: 'This board has no rows yet.',
      });
      const search = h('input', { type: 'search', placeholder: 'any cell', 'aria-label': `Filter the ${board} board` });
      search.addEventListener('input', debounce(() => this.table.setFilter({ q: search.value.trim() }), 200));
      fill(this.panel, h('div', { class: 'filters' }, h('label', {}, 'Filter ', search)), this.table.element);
    } else if (cols.map(c => c.key).join() !== this.table.columns.map(c => c.key).join()) {
      this.table.setColumns(cols);
    }
    await this.table.refresh();
  }

  async loadCharts() {
    const sweep = this.sweep;
    if (!this.chartsContainer) return;
    const kinds = (sweep.boards ?? []).filter(b => ['shapley', 'merge', 'prune'].includes(b));
    if (kinds.length === 0) { fill(this.chartsContainer); this.chartsContainer.hidden = true; return; }
    const boards = {};
    await Promise.all(kinds.map(async k => {
      try { boards[k] = await api.board(sweep.id, k); } catch { boards[k] = []; }
    }));
    if (sweep.id !== this.sweep.id) return;
    const charts = analysisCharts(boards);
    this.chartsContainer.hidden = charts.length === 0;
    fill(this.chartsContainer, h('h3', {}, 'Analyses'), h('div', { class: 'chart-grid' }, charts));
  }
}
