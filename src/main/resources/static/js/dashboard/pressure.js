// Host pressure (PUT /host/pressure): the host holds N KiB away from everyone, on one node or spread
// over all; the service answers what it could take (only what is free).

import { formatKiB, MiB } from './format.js';

export class PressurePanel {
  constructor(api, status, form, output, onChange) {
    this.api = api;
    this.status = status;
    this.form = form;
    this.output = output;
    this.onChange = onChange;
    this.nodes = -1;
    form.addEventListener('submit', (e) => { e.preventDefault(); this.apply(); });
  }

  async apply() {
    const f = new FormData(this.form);
    const body = { kib: Math.round(Number(f.get('mib')) * MiB) };
    if (f.get('node') !== '') {
      body.node = Number(f.get('node'));
    }
    if (await this.status.run(() => this.api.put('/host/pressure', body), (r) => `Pressure: the host holds ${formatKiB(r.kib)}`)) {
      this.onChange();
    }
  }

  /** GET /host as it answered. */
  show(host) {
    const select = this.form.elements.node;
    if (this.nodes !== host.nodes.length) {
      this.nodes = host.nodes.length;
      host.nodes.forEach((n) => {
        const o = document.createElement('option');
        o.value = String(n.node);
        o.textContent = `node ${n.node}`;
        select.append(o);
      });
    }
    this.output.textContent = `held now: ${formatKiB(host.pressureKiB)}`
      + (host.nodes.length > 1 ? ` (${host.nodes.map((n) => `node ${n.node} ${formatKiB(n.pressureKiB)}`).join(', ')})` : '');
  }
}
