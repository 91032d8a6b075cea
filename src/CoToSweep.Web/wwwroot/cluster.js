// The cluster view: members (address, roles, status) and slots (node, GPU, what each runs, since when, and its
// last heartbeat, kept current by a one-second tick).

import { h, fill } from './dom.js';
import { ago, time } from './format.js';

export function renderCluster(container, cluster, onSelectSweep) {
  const members = cluster?.members ?? [], slots = cluster?.slots ?? [];
  const memberTable = h('table', { class: 'grid' },
    h('caption', {}, `Members (${members.length})`),
    h('thead', {}, h('tr', {}, ['Address', 'Roles', 'Status'].map(l => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, members.length === 0 ? h('tr', {}, h('td', { colspan: '3', class: 'muted' }, 'No members.'))
      : members.map(m => h('tr', {}, h('td', {}, m.address), h('td', {}, (m.roles ?? []).join(', ')),
        h('td', {}, h('span', { class: `badge member-${m.status}` }, m.status))))));
  const busy = slots.filter(sl => sl.trial).length;
  const slotTable = h('table', { class: 'grid' },
    h('caption', {}, `Slots (${busy} busy of ${slots.length})`),
    h('thead', {}, h('tr', {}, ['Slot', 'Node', 'GPU', 'Sweep', 'Trial', 'Attempt', 'Since', 'Last heartbeat']
      .map((l, i) => h('th', { scope: 'col', class: i === 5 ? 'num' : undefined }, l)))),
    h('tbody', {}, slots.length === 0 ? h('tr', {}, h('td', { colspan: '8', class: 'muted' }, 'No slots.'))
      : slots.map(sl => h('tr', { class: sl.trial ? 'busy' : 'idle' },
        h('td', {}, sl.slot), h('td', {}, sl.node), h('td', {}, sl.gpu ?? 'cpu'),
        h('td', {}, sl.sweep ? h('button', { type: 'button', class: 'link', onclick: () => onSelectSweep(sl.sweep) }, sl.sweep) : h('span', { class: 'muted' }, 'idle')),
        h('td', {}, sl.trial ?? ''), h('td', { class: 'num' }, sl.attempt ?? ''),
        h('td', { class: 'num' }, time(sl.since)),
        h('td', { class: 'num', dataset: { ago: sl.last_heartbeat ?? '' } }, ago(sl.last_heartbeat))))));
  fill(container, h('div', { class: 'cluster-layout' }, memberTable, slotTable));
}

/** Updates every "… s ago" cell in place. */
export function tickAges(root) {
  const now = Date.now();
  for (const td of root.querySelectorAll('[data-ago]')) {
    const text = ago(td.dataset.ago, now);
    if (td.textContent !== text) td.textContent = text;
  }
}
