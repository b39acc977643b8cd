// The domains table and its actions: create (xl create), mem-set (PUT …/memory/target), destroy,
// and each guest's selfballoon tunables (PATCH …/selfballoon, all or nothing). Rows are kept and
// updated in place, and moved only when out of order, so that a number being typed keeps its
// value and its focus through the next refresh.

import { formatKiB, MiB } from './format.js';
import { domainColor } from './memory-charts.js';

const TUNABLES = [
  ['selfballooning', 'selfballooning (0/1)'], ['selfballoonInterval', 'interval (s)'],
  ['selfballoonDownhysteresis', 'downhysteresis'], ['selfballoonUphysteresis', 'uphysteresis'],
  ['selfballoonMinUsableMb', 'min_usable_mb'], ['selfballoonReservedMb', 'reserved_mb'],
  ['frontswapSelfshrinking', 'frontswap_selfshrinking (0/1)'], ['frontswapHysteresis', 'frontswap_hysteresis'],
  ['frontswapInertia', 'frontswap_inertia']
];

function cell(tr, className) {
  const td = document.createElement('td');
  if (className) {
    td.className = className;
  }
  tr.append(td);
  return td;
}

export class DomainsPanel {
  constructor(api, status, ui, onChange) {
    this.api = api;
    this.status = status;
    this.ui = ui;
    this.onChange = onChange;
    this.rows = new Map();
    ui.createForm.addEventListener('submit', (e) => { e.preventDefault(); this.create(); });
    this.dialog = new SelfballoonDialog(api, status, ui.selfballoonDialog, onChange);
  }

  async create() {
    const f = new FormData(this.ui.createForm);
    const body = {
      name: f.get('name').trim(),
      memoryKiB: Number(f.get('memoryMiB')) * MiB,
      type: f.get('type'),
      kernel: { swapKiB: Number(f.get('swapMiB') || 0) * MiB, tmem: f.get('tmem') === 'on' }
    };
    if (f.get('staticMaxMiB')) {
      body.staticMaxKiB = Number(f.get('staticMaxMiB')) * MiB;
    }
    // the answer carries the domain's tokens in token mode: they are not shown nor kept
    if (await this.status.run(() => this.api.post('/domains', body), (d) => `Created ${d.name} (domid ${d.domid})`)) {
      this.ui.createForm.elements.name.value = '';
      this.onChange();
    }
  }

  async memSet(domid, mib) {
    if (await this.status.run(() => this.api.put(`/domains/${domid}/memory/target`, { kib: Math.round(mib * MiB) }),
      `mem-set ${domid} ${mib}m: the balloon driver follows as the clock moves`)) {
      this.onChange();
    }
  }

  async destroy(domid, name) {
    if (await this.status.run(() => this.api.delete(`/domains/${domid}`), `Destroyed ${name} (domid ${domid})`)) {
      this.onChange();
    }
  }

  /** GET /domains as it answered. */
  show(domains) {
    const seen = new Set();
    for (const d of domains) {
      seen.add(d.domid);
      let row = this.rows.get(d.domid);
      if (!row || row.name !== d.name) {
        if (row) {
          row.tr.remove();
        }
        row = this.makeRow(d);
        this.rows.set(d.domid, row);
      }
      row.target.textContent = formatKiB(d.targetKiB);
      if (document.activeElement !== row.input && row.shownTarget !== d.targetKiB) {
        row.input.value = String(Math.round(d.targetKiB / MiB));
      }
      row.shownTarget = d.targetKiB;
      row.current.textContent = formatKiB(d.currentKiB);
      row.committed.textContent = formatKiB(d.meminfo.committedAsKiB);
      row.balloon.textContent = d.balloon.state;
      row.selfballoon.disabled = !d.selfballoon;
    }
    for (const [domid, row] of this.rows) {
      if (!seen.has(domid)) {
        row.tr.remove();
        this.rows.delete(domid);
      }
    }
    // domid order, moving only a row out of place: a row taken out of the page, even to be put
    // back at once, takes the focus from the field being typed in
    const rows = this.ui.tbody.children;
    [...this.rows.keys()].sort((a, b) => a - b).forEach((k, i) => {
      const tr = this.rows.get(k).tr;
      if (rows[i] !== tr) {
        this.ui.tbody.insertBefore(tr, rows[i] ?? null);
      }
    });
  }

  makeRow(d) {
    const tr = document.createElement('tr');
    tr.dataset.domid = String(d.domid);
    cell(tr, 'num').textContent = String(d.domid);
    const name = cell(tr);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = d.domid === 0 ? '#bab0ac' : domainColor(d.domid);
    name.append(swatch, d.name);
    cell(tr).textContent = d.type;
    const row = { tr, name: d.name };
    row.target = cell(tr, 'num target');
    row.current = cell(tr, 'num current');
    row.committed = cell(tr, 'num committed');
    row.balloon = cell(tr, 'balloon-state');
    const memSet = document.createElement('form');
    memSet.className = 'mem-set';
    memSet.setAttribute('aria-label', `mem-set ${d.name}`);
    const input = document.createElement('input');
    input.type = 'number';
    input.min = '1';
    input.step = '1';
    input.name = 'mib';
    input.required = true;
    input.value = String(Math.round(d.targetKiB / MiB));
    input.setAttribute('aria-label', `new target of ${d.name} in MiB`);
    const set = document.createElement('button');
    set.type = 'submit';
    set.textContent = 'Set';
    row.input = input;
    memSet.append(input, set);
    memSet.addEventListener('submit', (e) => { e.preventDefault(); this.memSet(d.domid, Number(input.value)); });
    cell(tr).append(memSet);
    const actions = cell(tr);
    row.selfballoon = document.createElement('button');
    row.selfballoon.type = 'button';
    row.selfballoon.textContent = 'selfballoon…';
    row.selfballoon.addEventListener('click', () => this.dialog.open(d.domid, d.name));
    actions.append(row.selfballoon);
    if (d.domid !== 0) {
      const destroy = document.createElement('button');
      destroy.type = 'button';
      destroy.className = 'danger destroy';
      destroy.textContent = 'Destroy';
      destroy.addEventListener('click', () => this.destroy(d.domid, d.name));
      actions.append(' ', destroy);
    }
    return row;
  }
}

/** The selfballoon tunables of one domain, as the sysfs files would take them. */
class SelfballoonDialog {
  constructor(api, status, dialog, onChange) {
    this.api = api;
    this.status = status;
    this.dialog = dialog;
    this.onChange = onChange;
    this.form = dialog.querySelector('form');
    this.fields = dialog.querySelector('.tunables');
    this.error = dialog.querySelector('.error');
    this.domid = null;
    this.before = {};
    for (const [key, label] of TUNABLES) {
      const id = `sb-${key}`;
      const l = document.createElement('label');
      l.htmlFor = id;
      l.textContent = label;
      const input = document.createElement('input');
      input.id = id;
      input.name = key;
      input.type = 'number';
      input.min = '0';
      input.step = '1';
      input.required = true;
      this.fields.append(l, input);
    }
    this.form.addEventListener('submit', (e) => {
      if (e.submitter && e.submitter.value === 'save') {
        e.preventDefault();
        this.save();
      }
    });
  }

  async open(domid, name) {
    try {
      const view = await this.api.get(`/domains/${domid}/selfballoon`);
      this.domid = domid;
      this.before = view;
      this.dialog.querySelector('h2').textContent = `Selfballoon tunables of ${name}`;
      for (const [key] of TUNABLES) {
        this.form.elements[key].value = String(view[key]);
      }
      this.error.textContent = '';
      this.dialog.showModal();
    } catch (e) {
      this.status.error(e);
    }
  }

  async save() {
    const change = {};
    for (const [key] of TUNABLES) {
      const value = Number(this.form.elements[key].value);
      if (value !== this.before[key]) {
        change[key] = value;
      }
    }
    try {
      if (Object.keys(change).length > 0) {
        await this.api.patch(`/domains/${this.domid}/selfballoon`, change);
      }
      this.dialog.close();
      this.status.note(`Selfballoon of domid ${this.domid}: ${Object.keys(change).join(', ') || 'unchanged'}`);
      this.onChange();
    } catch (e) {
      this.error.textContent = e.describe ? e.describe() : String(e);
    }
  }
}
