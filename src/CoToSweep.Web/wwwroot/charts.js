// Hand-written SVG charts: a line chart (learning curves, merge and pruning curves) and horizontal bars with
// intervals (Shapley values). Each returns a <figure> with the SVG, an HTML legend and a text alternative.

import { h, s } from './dom.js';
import { num } from './format.js';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, all legible on white. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8c564b'];

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k; whole steps when `integer`). */
export function ticks(lo, hi, count = 5, integer = false) {
  if (!(hi > lo)) return [lo];
  const raw = integer ? Math.max(1, (hi - lo) / count) : (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * magnitude).find(v => v >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The range of values padded a little, so that a flat line or a single point still gets an axis. */
function extent(values, pad = 0.05) {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) { const d = Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

const W = 560, M = { top: 14, right: 16, bottom: 40, left: 58 };

function axes(plot, x, y, xTicks, yTicks, xLabel, yLabel, height, W) {
  const g = s('g', { class: 'axes' });
  for (const t of yTicks) {
    g.append(s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'gridline' }));
    g.append(s('text', { x: M.left - 6, y: y(t), 'text-anchor': 'end', 'dominant-baseline': 'middle', text: num(t) }));
  }
  for (const t of xTicks) {
    g.append(s('line', { x1: x(t), x2: x(t), y1: height - M.bottom, y2: height - M.bottom + 4, class: 'tick' }));
    g.append(s('text', { x: x(t), y: height - M.bottom + 16, 'text-anchor': 'middle', text: num(t) }));
  }
  g.append(s('line', { x1: M.left, x2: W - M.right, y1: height - M.bottom, y2: height - M.bottom, class: 'axis' }));
  g.append(s('line', { x1: M.left, x2: M.left, y1: M.top, y2: height - M.bottom, class: 'axis' }));
  if (xLabel) g.append(s('text', { x: (M.left + W - M.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'label', text: xLabel }));
  if (yLabel) g.append(s('text', { x: 12, y: (M.top + height - M.bottom) / 2, 'text-anchor': 'middle', class: 'label',
    transform: `rotate(-90 12 ${(M.top + height - M.bottom) / 2})`, text: yLabel }));
  plot.append(g);
}

function legend(items) {
  if (items.length < 2) return null;
  return h('ul', { class: 'legend' }, items.map(({ name, color, dashed }) =>
    h('li', {}, h('span', { class: `swatch${dashed ? ' dashed' : ''}`, style: `--c:${color}` }), name)));
}

/**
 * series: [{ name, points: [{ x, y }], color?, dashed?, legend? }]. Points with a non-finite y are left out (a gap);
 * legend: false keeps a series (a reference line) out of the legend.
 */
export function lineChart({ title, series, xLabel, yLabel, width = W, height = 240, xDomain, yDomain }) {
  const all = series.flatMap(ser => ser.points).filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
  const [x0, x1] = xDomain ?? extent(all.map(p => p.x), 0);
  const [y0, y1] = yDomain ?? extent(all.map(p => p.y));
  const x = v => M.left + ((v - x0) / (x1 - x0 || 1)) * (width - M.left - M.right);
  const y = v => height - M.bottom - ((v - y0) / (y1 - y0 || 1)) * (height - M.top - M.bottom);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  const wholeX = all.every(p => Number.isInteger(p.x));   // steps: no tick at step 1.5
  axes(svg, x, y, ticks(x0, x1, width < 500 ? 4 : 6, wholeX), ticks(y0, y1, 4), xLabel, yLabel, height, width);
  series.forEach((ser, i) => {
    const color = ser.color ?? PALETTE[i % PALETTE.length];
    ser.color = color;
    const pts = ser.points.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (pts.length > 1) svg.append(s('polyline', {
      points: pts.map(p => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' '),
      class: 'line', stroke: color, 'stroke-dasharray': ser.dashed ? '5 4' : undefined,
    }));
    if (pts.length <= 40) for (const p of pts) svg.append(s('circle', { cx: x(p.x), cy: y(p.y), r: 3, fill: color },
      s('title', { text: `${ser.name}: ${xLabel ?? 'x'} ${num(p.x)} → ${num(p.y)}` })));
  });
  return h('figure', { class: 'chart-figure' }, title ? h('figcaption', { text: title }) : null, svg,
    legend(series.filter(ser => ser.legend !== false).map(({ name, color, dashed }) => ({ name, color, dashed }))));
}

/**
 * Horizontal bars from zero with a 95% interval whisker each: bars: [{ label, value, low, high }].
 */
export function intervalBars({ title, bars, xLabel }) {
  const rowH = 24, height = M.top + bars.length * rowH + M.bottom, left = 120;
  const values = bars.flatMap(b => [b.value, b.low, b.high, 0]).filter(Number.isFinite);
  const [x0, x1] = extent(values);
  const x = v => left + ((v - x0) / (x1 - x0)) * (W - left - M.right);
  const svg = s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  const g = s('g', { class: 'axes' });
  for (const t of ticks(x0, x1, 6)) {
    g.append(s('line', { x1: x(t), x2: x(t), y1: M.top, y2: height - M.bottom, class: 'gridline' }));
    g.append(s('text', { x: x(t), y: height - M.bottom + 16, 'text-anchor': 'middle', text: num(t) }));
  }
  g.append(s('line', { x1: x(0), x2: x(0), y1: M.top, y2: height - M.bottom, class: 'axis' }));
  if (xLabel) g.append(s('text', { x: (left + W - M.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'label', text: xLabel }));
  svg.append(g);
  bars.forEach((b, i) => {
    const top = M.top + i * rowH, mid = top + rowH / 2;
    svg.append(s('text', { x: left - 8, y: mid, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'bar-label', text: b.label }));
    if (!Number.isFinite(b.value)) return;
    const a = x(Math.min(0, b.value)), z = x(Math.max(0, b.value));
    svg.append(s('rect', { x: a, y: top + 5, width: Math.max(1, z - a), height: rowH - 10,
      class: b.value < 0 ? 'bar negative' : 'bar' }, s('title', { text: `${b.label}: ${num(b.value)} [${num(b.low)}, ${num(b.high)}]` })));
    if (Number.isFinite(b.low) && Number.isFinite(b.high)) {
      svg.append(s('line', { x1: x(b.low), x2: x(b.high), y1: mid, y2: mid, class: 'whisker' }));
      for (const e of [b.low, b.high]) svg.append(s('line', { x1: x(e), x2: x(e), y1: mid - 5, y2: mid + 5, class: 'whisker' }));
    }
  });
  return h('figure', { class: 'chart-figure' }, title ? h('figcaption', { text: title }) : null, svg);
}
