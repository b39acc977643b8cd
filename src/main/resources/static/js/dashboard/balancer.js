// The toolstack's balancer (GET/PUT /host/balancer): its policy (none, squeezed, mom) as a control,
// the last run's γ and outcome, and the domains it found stuck or uncooperative; and γ over virtual
// time from the host sampler's samples (a gap where no balancer had decided). A service without a
// balancer (404) shows that and offers no control.

import { ApiError } from './api.js';
import { formatKiB, formatSeconds } from './format.js';

/** γ over virtual time: one line, kept across updates (the samples' `gamma`, null before any decision). */
export class GammaChart {
  constructor(el) {
    this.el = el;
    this.u = null;
  }

  render(store) {
    if (store.length === 0) {
      return;
    }
    const series = [{ label: 'γ', values: store.gamma, color: '#59a14f', width: 2 }];
    if (this.u) {
      globalThis.XenemuCharts.updateLines(this.u, store.times, series);
    } else {
      const width = Math.max(320, Math.floor(this.el.clientWidth || 0) || 640);
      this.u = globalThis.XenemuCharts.lines(this.el, {
        times: store.times, series, sync: 'xenemu', width, height: 140,
        yMax: Math.max(1, ...store.gamma.filter((g) => g !== null)),
        yFormat: (v) => Number(v).toFixed(2)
      });
    }
    const known = store.gamma.filter((g) => g !== null);
    this.el.dataset.points = String(known.length);
    this.el.setAttribute('aria-label', known.length
      ? `The balancer's γ over virtual time; latest ${known[known.length - 1].toFixed(4)}`
      : "The balancer's γ over virtual time: no decision yet");
  }
}

export class BalancerPanel {
  constructor(api, status, el, onChange) {
    this.api = api;
    this.status = status;
    this.el = el;
    this.onChange = onChange;
    this.available = true;
    this.names = new Map();
    this.hz = 250;
    el.innerHTML = `
      <form class="row balancer-policy" aria-label="Balancer policy">
        <label>Policy <select name="policy">
          <option value="none">none</option><option value="squeezed">squeezed</option><option value="mom">mom</option>
        </select></label>
        <button type="submit">Apply</button>
      </form>
      <dl class="balancer-facts"></dl>`;
    this.form = el.querySelector('form');
    this.facts = el.querySelector('dl');
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.apply(); });
  }

  async apply() {
    const policy = this.form.elements.policy.value;
    if (await this.status.run(() => this.api.put('/host/balancer', { policy }), `Balancer policy: ${policy}`)) {
      this.onChange();
    }
  }

  /** Fetches and shows GET /host/balancer; `domains` names the domids, `host` (GET /host) has what is reserved. */
  async refresh(domains, hz, host) {
    if (!this.available) {
      return;
    }
    this.hz = hz;
    domains.forEach((d) => this.names.set(d.domid, d.name));
    try {
      this.show(await this.api.get('/host/balancer'), host);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 501)) {
        this.available = false;
        this.form.hidden = true;
        this.facts.replaceChildren(...this.fact('balancer', 'not part of this service'));
        return;
      }
      throw e;
    }
  }

  name(domid) {
    const n = this.names.get(domid);
    return n ? `${n} (${domid})` : `domid ${domid}`;
  }

  show(b, host) {
    if (!this.form.contains(document.activeElement)) {
      this.form.elements.policy.value = b.policy;
    }
    const last = b.last;
    const facts = [
      this.fact('policy', `${b.policy} · every ${b.intervalSeconds} s · host free target ${formatKiB(b.hostFreeTargetKiB)}`),
      this.fact('γ', last && last.gamma !== null && last.gamma !== undefined ? last.gamma.toFixed(4) : '–', 'gamma'),
      this.fact('last run', last ? `${last.call} → ${last.outcome} at ${formatSeconds(last.jiffies / this.hz)}` : 'none yet'),
      this.fact('stuck', last && last.stuck.length ? last.stuck.map((d) => this.name(d)).join(', ') : 'none', 'stuck'),
      this.fact('uncooperative', last && last.uncooperative.length
        ? last.uncooperative.map((d) => this.name(d)).join(', ') : 'none', 'uncooperative')
    ];
    if (host.reservedKiB !== undefined && host.reservedKiB !== null) {
      facts.push(this.fact('reserved', `${formatKiB(host.reservedKiB)} · ${b.pendingReservations} pending`, 'reserved'));
    }
    if (host.memoryReclaimedKiB !== undefined && host.memoryReclaimedKiB !== null) {
      facts.push(this.fact('reclaimed', `${formatKiB(host.memoryReclaimedKiB)} below dynamic-max · `
        + `${formatKiB(host.memoryReclaimedMaxKiB)} more down to dynamic-min`, 'reclaimed'));
    }
    facts.push(this.fact('runs', `${b.runs} (${b.failures} failed) · ${b.targetsWritten} targets written`));
    this.facts.replaceChildren(...facts.flat());
  }

  fact(term, value, key) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (key) {
      dd.dataset.fact = key;
    }
    return [dt, dd];
  }
}
