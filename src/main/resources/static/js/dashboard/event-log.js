// The live event log: every engine event from the stream, newest first, filtered by kind, domid and
// text. Keeps the last KEEP events; shows at most SHOW of those that pass the filters.

import { formatSeconds } from './format.js';

const KEEP = 2000;
const SHOW = 300;

/** Event types by the engine that publishes them (anything else is "other"). */
export const KINDS = {
  domains: ['DomainCreated', 'DomainDestroyed'],
  balloon: ['TargetChanged', 'BalloonStepped', 'BalloonBackedOff', 'BalloonCancelled'],
  guest: ['MmapRefused', 'Reclaimed', 'SwappedOut', 'OomKilled'],
  selfballoon: ['SelfballoonDecided', 'FrontswapShrunk', 'SelfballoonOopsed'],
  balancer: ['BalancerRan', 'BalancerPolicyChanged', 'DomainStuck', 'DomainUncooperative', 'DomainCooperative',
    'ReservationRequested', 'ReservationReady', 'ReservationFailed', 'ReservationReleased', 'ReservationTransferred'],
  clock: ['ClockModeChanged']
};

function kindOf(type) {
  for (const [kind, types] of Object.entries(KINDS)) {
    if (types.includes(type)) {
      return kind;
    }
  }
  return 'other';
}

export class EventLog {
  constructor(form, list) {
    this.form = form;
    this.list = list;
    this.events = [];
    this.hz = 250;
    const fieldset = form.querySelector('fieldset.kinds');
    [...Object.keys(KINDS), 'other'].forEach((kind) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'kind';
      box.value = kind;
      box.checked = true;
      label.append(box, ` ${kind}`);
      fieldset.append(label);
    });
    form.addEventListener('input', () => this.render());
    form.addEventListener('submit', (e) => e.preventDefault());
  }

  filter() {
    const f = new FormData(this.form);
    const kinds = new Set(f.getAll('kind'));
    const domid = f.get('domid');
    const text = String(f.get('text') || '').toLowerCase();
    return (e) => kinds.has(e.kind)
      && (domid === '' || domid === null || (e.data && e.data.domid === Number(domid)))
      && (text === '' || e.text.toLowerCase().includes(text));
  }

  add(event) {
    const e = { ...event, kind: kindOf(event.type), text: `${event.type} ${JSON.stringify(event.data)}` };
    this.events.push(e);
    if (this.events.length > KEEP) {
      this.events.splice(0, this.events.length - KEEP);
    }
    if (this.form.elements.pause.checked || !this.filter()(e)) {
      return;
    }
    this.list.prepend(this.item(e));
    while (this.list.childElementCount > SHOW) {
      this.list.lastElementChild.remove();
    }
  }

  render() {
    const pass = this.filter();
    const items = [];
    for (let i = this.events.length - 1; i >= 0 && items.length < SHOW; i--) {
      if (pass(this.events[i])) {
        items.push(this.item(this.events[i]));
      }
    }
    this.list.replaceChildren(...items);
  }

  item(e) {
    const li = document.createElement('li');
    li.dataset.type = e.type;
    li.dataset.seq = String(e.seq);
    const t = document.createElement('span');
    t.className = 't';
    t.textContent = `#${e.seq} ${formatSeconds(e.jiffies / this.hz)}`;
    const k = document.createElement('span');
    k.className = 'k';
    k.textContent = e.type;
    li.append(t, k, JSON.stringify(e.data));
    return li;
  }
}
