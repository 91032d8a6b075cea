// The live stream /api/events (server-sent events). EventSource cannot send headers, so the token goes as
// ?access_token=. On any error the stream is closed and opened again with a growing delay (1 s … 15 s); every
// reopening after the first calls onReconnect, because events sent while it was down are lost.

import { token } from './api.js';

export function connect({ sweep, trial, cluster, onReconnect, onState }) {
  let delay = 1000, opened = false;
  const open = () => {
    const t = token();
    const source = new EventSource('/api/events' + (t ? `?access_token=${encodeURIComponent(t)}` : ''));
    source.onopen = () => {
      delay = 1000;
      onState('live');
      if (opened) onReconnect();
      opened = true;
    };
    const on = (type, handler) => source.addEventListener(type, e => {
      try { handler(JSON.parse(e.data)); } catch (err) { console.error(`bad ${type} event`, err); }
    });
    on('sweep', sweep);
    on('trial', trial);
    on('cluster', cluster);
    source.onerror = () => {
      source.close();
      onState('reconnecting');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 15000);
    };
  };
  open();
}
