// Number and time formatting, the way the CLI's table prints them (4 significant digits).

/** A cell value as text: integers as they are, other numbers with 4 significant digits, null as empty. */
export function num(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);   // seeds, counts: every digit
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** Whether a cell is a number (the named non-finite values come as strings in the board json). */
export function isNumeric(v) {
  return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
}

/** A parameter value (numbers, strings, booleans) as short text. */
export function param(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Seconds as 1h 05m, 3m 12s, 45s. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const t = Math.max(0, Math.round(seconds));
  const hours = Math.floor(t / 3600), minutes = Math.floor((t % 3600) / 60), secs = t % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}

/** An ISO time as local HH:MM:SS (with the date when it is not today). */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const clock = d.toLocaleTimeString([], { hour12: false });
  return d.toDateString() === new Date().toDateString() ? clock : `${d.toISOString().slice(0, 10)} ${clock}`;
}

/** How long ago an ISO time was: "4 s ago", "3 min ago". */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = (now - new Date(iso).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${duration(seconds)} ago`;
}
