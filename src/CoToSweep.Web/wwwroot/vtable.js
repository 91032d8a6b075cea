// A virtualised, sortable table over a paged data source. Only the rows in view (plus a margin) exist in the
// DOM, and they are reused as the view scrolls, so a sweep of thousands of trials costs the same as one of thirty.
// The source does the sorting and filtering (the API's trials endpoint, or localSource for a board); rows are
// fetched in aligned pages and cached until refresh().

import { h } from './dom.js';

const OVERSCAN = 8;

/**
 * columns: [{ key, label, numeric, value(row) → cell, text(cell, row) → string, sortable }]
 * source: async ({ offset, limit, sort, desc, ...filter }) → { total, items }
 */
export class VirtualTable {
  constructor({ label, columns, source, rowKey, onActivate, rowHeight = 30, height = 420, pageSize = 200, empty = 'No rows.' }) {
    Object.assign(this, { columns, source, rowKey, onActivate, rowHeight, height, pageSize, empty });
    this.sort = null;
    this.desc = false;
    this.filter = {};
    this.total = 0;
    this.pages = new Map();     // page index → items
    this.loading = new Map();   // page index → promise
    this.generation = 0;        // bumped by refresh(); stale responses are dropped
    this.selected = null;
    this.focusIndex = 0;
    this.pendingFocus = null;
    this.pool = [];

    this.thead = h('thead');
    this.tbody = h('tbody');
    this.topSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td'));
    this.bottomSpacer = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td'));
    this.table = h('table', { class: 'grid', 'aria-label': label }, this.thead, this.tbody);
    this.status = h('p', { class: 'table-status', role: 'status' });
    this.scroller = h('div', { class: 'vscroll', style: `max-height:${height}px` }, this.table);
    this.element = h('div', { class: 'vtable' }, this.scroller, this.status);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.tbody.addEventListener('focusin', e => { if (e.target.index !== undefined) this.focusIndex = e.target.index; });
    this.renderHead();
  }

  setColumns(columns) {
    this.columns = columns;
    this.pool = [];
    this.renderHead();
    this.render();
  }

  /** New filter values (q, status, …): refetches from the first row. */
  setFilter(filter) {
    this.filter = filter;
    this.scroller.scrollTop = 0;
    return this.refresh();
  }

  /** Drops the cache and refetches the rows in view; the old rows stay on screen until the new ones arrive. */
  async refresh() {
    this.generation++;
    const generation = this.generation;
    this.loading.clear();
    const fresh = new Map();
    const [first, last] = this.window();
    const firstPage = Math.floor(first / this.pageSize), lastPage = Math.floor(Math.max(first, last - 1) / this.pageSize);
    try {
      for (let p = firstPage; p <= lastPage; p++) {
        const page = await this.source({ offset: p * this.pageSize, limit: this.pageSize, sort: this.sort, desc: this.desc, ...this.filter });
        if (generation !== this.generation) return;
        this.total = page.total;
        fresh.set(p, page.items);
      }
      this.pages = fresh;
      this.render();
    } catch (err) {
      if (generation === this.generation) this.status.textContent = `Could not load rows: ${err.message}`;
    }
  }

  /** Updates one cached row in place (a live event) and redraws it if it is in view. */
  patch(key, update) {
    for (const items of this.pages.values()) {
      const i = items.findIndex(r => this.rowKey(r) === key);
      if (i < 0) continue;
      items[i] = update(items[i]);
      const tr = this.tbody.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
      if (tr) this.fillRow(tr, items[i]);
      return true;
    }
    return false;
  }

  select(key) {
    this.selected = key;
    for (const tr of this.tbody.querySelectorAll('tr[data-key]'))
      tr.setAttribute('aria-selected', String(tr.dataset.key === key));
  }

  window() {
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / this.rowHeight) - OVERSCAN);
    // The scroller is only as tall as its rows until it reaches its maximum height: plan for the maximum.
    const visible = Math.ceil(Math.max(this.scroller.clientHeight, this.height) / this.rowHeight) + 2 * OVERSCAN;
    return [first, first + visible];
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  }

  rowAt(index) {
    const items = this.pages.get(Math.floor(index / this.pageSize));
    return items ? items[index % this.pageSize] : undefined;
  }

  /** Fetches the pages of the window that are not cached, then renders again. */
  load(first, last) {
    const generation = this.generation;
    for (let p = Math.floor(first / this.pageSize); p <= Math.floor((last - 1) / this.pageSize); p++) {
      if (this.pages.has(p) || this.loading.has(p)) continue;
      const request = this.source({ offset: p * this.pageSize, limit: this.pageSize, sort: this.sort, desc: this.desc, ...this.filter })
        .then(page => {
          if (generation !== this.generation) return;
          this.total = page.total;
          this.pages.set(p, page.items);
          this.loading.delete(p);
          this.schedule();
        })
        .catch(err => { this.loading.delete(p); this.status.textContent = `Could not load rows: ${err.message}`; });
      this.loading.set(p, request);
    }
  }

  render() {
    const [first, wanted] = this.window();
    const last = Math.min(wanted, this.total);
    const rows = [];
    let missing = false;
    for (let i = first; i < last; i++) {
      const row = this.rowAt(i);
      if (row === undefined) { missing = true; continue; }
      rows.push([i, row]);
    }
    // Rows not fetched yet: keep what is drawn until they arrive (removing a focused row would lose the focus).
    if (missing) { this.load(first, last); if (this.tbody.querySelector('tr[data-key]')) return; }
    while (this.pool.length < rows.length) this.pool.push(this.newRow());
    const hadFocus = document.activeElement?.parentNode === this.tbody;
    const trs = rows.map(([i, row], n) => {
      const tr = this.pool[n];
      tr.index = i;
      tr.setAttribute('aria-rowindex', String(i + 2));
      // One row is in the tab order (roving tabindex); the arrow keys move between rows.
      tr.tabIndex = i === Math.min(this.focusIndex, this.total - 1) ? 0 : -1;
      this.fillRow(tr, row);
      return tr;
    });
    if (!trs.some(tr => tr.tabIndex === 0) && trs.length) trs[0].tabIndex = 0;
    const shown = rows.length ? rows[0][0] : first;
    this.topSpacer.style.height = `${shown * this.rowHeight}px`;
    this.bottomSpacer.style.height = `${Math.max(0, this.total - shown - rows.length) * this.rowHeight}px`;
    this.topSpacer.firstChild.colSpan = this.bottomSpacer.firstChild.colSpan = this.columns.length;
    const children = [this.topSpacer, ...trs, this.bottomSpacer];
    if (children.length !== this.tbody.children.length || children.some((c, i) => this.tbody.children[i] !== c)) {
      // Chrome scrolls the container back to the top when the focused element is removed: blur it first.
      if (hadFocus) document.activeElement.blur();
      this.tbody.replaceChildren(...children);
    }
    // Positions are index × rowHeight: adopt the height the rows really have (fonts differ), once.
    const drawn = trs[0]?.getBoundingClientRect().height;
    if (drawn && Math.abs(drawn - this.rowHeight) > 0.25) { this.rowHeight = drawn; this.schedule(); }
    // Rows are reused by position, so the focused element may now show another row: keep the focus on its row.
    if (hadFocus && document.activeElement?.index !== this.focusIndex) this.pendingFocus = this.focusIndex;
    if (this.pendingFocus !== null) {
      const tr = this.tbody.querySelector(`tr[aria-rowindex="${this.pendingFocus + 2}"]`);
      if (tr) { this.pendingFocus = null; tr.focus({ preventScroll: true }); }
    }
    this.table.setAttribute('aria-rowcount', String(this.total + 1));
    this.status.textContent = this.total === 0 ? this.empty : `${this.total} row${this.total === 1 ? '' : 's'}`;
  }

  newRow() {
    const tr = h('tr', { tabindex: '-1', style: `height:${this.rowHeight}px` },
      this.columns.map(c => h('td', { class: c.numeric ? 'num' : undefined })));
    const activate = () => { this.focusIndex = tr.index; this.onActivate?.(tr.row); };
    tr.addEventListener('click', activate);
    tr.addEventListener('keydown', e => {
      const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.rowHeight) - 1);
      const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); }
      else if (e.key in moves) { e.preventDefault(); this.focusRow(tr.index + moves[e.key]); }
    });
    return tr;
  }

  /** Scrolls row `index` into view, draws it and gives it the keyboard focus. */
  focusRow(index) {
    if (this.total === 0) return;
    const i = Math.max(0, Math.min(this.total - 1, index));
    const top = i * this.rowHeight, header = this.thead.offsetHeight, view = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.rowHeight + header > this.scroller.scrollTop + view) this.scroller.scrollTop = top + this.rowHeight + header - view;
    this.focusIndex = i;
    this.pendingFocus = i;   // focused by render(), now or once the row's page has arrived
    this.render();
  }

  fillRow(tr, row) {
    tr.row = row;
    const key = this.rowKey(row);
    tr.dataset.key = key;
    tr.setAttribute('aria-selected', String(key === this.selected));
    this.columns.forEach((c, i) => {
      const cell = c.value(row);
      const td = tr.children[i];
      const text = c.text ? c.text(cell, row) : cell ?? '';
      if (td.textContent !== text) td.textContent = text;
      if (c.classOf) td.className = [c.numeric ? 'num' : '', c.classOf(cell, row)].filter(Boolean).join(' ');
    });
  }

  renderHead() {
    const cells = this.columns.map(c => {
      const sorted = this.sort === c.key;
      const th = h('th', {
        scope: 'col', class: c.numeric ? 'num' : undefined,
        'aria-sort': sorted ? (this.desc ? 'descending' : 'ascending') : 'none',
      });
      if (c.sortable === false) th.textContent = c.label;
      else th.append(h('button', {
        type: 'button', class: 'sort', title: `Sort by ${c.label}`,
        onclick: () => this.sortBy(c.key),
      }, c.label, h('span', { class: 'arrow', 'aria-hidden': 'true', text: sorted ? (this.desc ? ' ▼' : ' ▲') : '' })));
      return th;
    });
    this.thead.replaceChildren(h('tr', { 'aria-rowindex': '1' }, cells));
  }

  /** First click sorts ascending, the next descending, the third restores the source's own order. */
  sortBy(key) {
    if (this.sort !== key) { this.sort = key; this.desc = false; }
    else if (!this.desc) this.desc = true;
    else { this.sort = null; this.desc = false; }
    this.renderHead();
    this.scroller.scrollTop = 0;
    return this.refresh();
  }
}

/** A source over rows held in memory (a board): sorts numbers numerically, empties last, and filters by text. */
export function localSource(getRows, valueOf = (row, key) => row[key]) {
  return async ({ offset, limit, sort, desc, q }) => {
    let rows = getRows();
    if (q) {
      const needle = q.toLowerCase();
      rows = rows.filter(r => Object.values(r).some(v => v !== null && String(v).toLowerCase().includes(needle)));
    }
    if (sort) {
      const sign = desc ? -1 : 1;
      rows = rows.map((r, i) => [r, i]).sort(([a, i], [b, j]) => {
        const x = valueOf(a, sort), y = valueOf(b, sort);
        const ex = isEmpty(x), ey = isEmpty(y);
        if (ex || ey) return ex === ey ? i - j : ex ? 1 : -1;
        return sign * compare(x, y) || i - j;
      }).map(([r]) => r);
    }
    return { total: rows.length, items: rows.slice(offset, offset + limit) };
  };
}

const isEmpty = v => v === null || v === undefined || v === '';

/** Numbers before text, numbers numerically, text in natural order (t2 before t10). */
function compare(a, b) {
  const na = typeof a === 'number', nb = typeof b === 'number';
  if (na && nb) return a - b;
  if (na !== nb) return na ? -1 : 1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
