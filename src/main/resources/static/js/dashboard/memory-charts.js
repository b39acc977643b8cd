// The charts: host memory stacked by owner (the whole host, then each NUMA node) and each domain's
// target, current and Committed_AS, drawn with the chart code the scenario reports use
// (js/charts.js, the global XenemuCharts, on uPlot). A chart is made once and given new data as
// samples arrive; it is made again only when its layers or series change (a domain came or went).

import { METRICS } from './samples.js';

/** Up to this many guests each get their own layer and lines; more are a fleet (as in the reports). */
export const FLEET_ABOVE = 12;

const OWNER_COLORS = {
  xen: '#7f7f7f', dom0: '#bab0ac', domains: '#4e79a7', tmem: '#b07aa1', pressure: '#e15759',
  reserved: '#edc948', free: '#d4e6c3'
};
const METRIC_STYLE = {
  target: { label: 'target', dash: [6, 3], width: 1, color: '#f28e2b' },
  current: { label: 'current', width: 2, color: '#4e79a7' },
  committed: { label: 'Committed_AS', dash: [1, 3], width: 1, color: '#e15759' }
};

function charts() {
  return globalThis.XenemuCharts;
}

/** Guests' colours: none of the owners' (a guest is never mistaken for pressure or tmem). */
const DOMAIN_PALETTE = ['#4e79a7', '#f28e2b', '#76b7b2', '#59a14f', '#9c755f', '#ff9da7', '#1f77b4', '#2ca02c',
  '#8c564b', '#17becf', '#bcbd22', '#aec7e8'];

export function domainColor(domid) {
  return DOMAIN_PALETTE[(domid - 1 + DOMAIN_PALETTE.length) % DOMAIN_PALETTE.length];
}

/** A chart kept across updates: remade when `key` (its layers or series) changes. */
class LiveChart {
  constructor(el, height) {
    this.el = el;
    this.height = height;
    this.key = null;
    this.u = null;
  }

  show(key, make, update) {
    if (this.u && key === this.key) {
      update(this.u);
      return;
    }
    if (this.u) {
      this.u.destroy();
    }
    this.key = key;
    this.u = make(this.el, { width: this.width(), height: this.height });
  }

  width() {
    return Math.max(320, Math.floor(this.el.clientWidth || 0) || 640);
  }

  resize() {
    if (this.u) {
      this.u.setSize({ width: this.width(), height: this.height });
    }
  }

  /** The data of the series labelled `label` (for tests and curious readers). */
  series(label) {
    if (!this.u) {
      return null;
    }
    const i = this.u.series.findIndex((s) => s.label === label);
    return i < 0 ? null : Array.from(this.u.data[i]);
  }
}

export class MemoryCharts {
  constructor(hostEl, nodesEl, domainsEl, noteEl) {
    this.host = new LiveChart(hostEl, 300);
    this.nodesEl = nodesEl;
    this.nodes = [];
    this.domains = new LiveChart(domainsEl, 300);
    this.noteEl = noteEl;
    window.addEventListener('resize', () => this.all().forEach((c) => c.resize()));
  }

  all() {
    return [this.host, ...this.nodes, this.domains];
  }

  render(store) {
    if (store.length === 0) {
      return;
    }
    const guests = store.all().filter((d) => d.domid !== 0);
    const fleet = store.fleetGuests !== null || guests.length > FLEET_ABOVE;
    const count = store.fleetGuests !== null ? store.fleetGuests : guests.length;
    this.stack(this.host, store.times, store.host, (d) => d.current, store, guests, fleet, 'Host', count);
    store.nodes.forEach((columns, node) => {
      if (!this.nodes[node]) {
        const figure = document.createElement('figure');
        figure.className = 'node-chart';
        const caption = document.createElement('figcaption');
        caption.textContent = `NUMA node ${node}`;
        const body = document.createElement('div');
        body.className = 'chart';
        body.setAttribute('role', 'img');
        body.setAttribute('aria-label', `Memory of NUMA node ${node} by owner over virtual time`);
        figure.append(caption, body);
        this.nodesEl.append(figure);
        this.nodes[node] = new LiveChart(body, 200);
      }
      this.stack(this.nodes[node], store.times, columns, (d) => d.perNode[node], store, guests, fleet,
        `Node ${node}`, count);
    });
    this.domainLines(store, guests, fleet, count);
  }

  /** Xen, dom0, each guest (or all guests as one layer for a fleet), tmem, pressure, reserved, free. */
  stack(chart, times, columns, owned, store, guests, fleet, title, count) {
    const layers = [{ label: 'Xen', values: columns.xenKiB, color: OWNER_COLORS.xen }];
    const dom0 = store.all().find((d) => d.domid === 0);
    const dom0Values = dom0 ? owned(dom0) : times.map(() => 0);
    layers.push({ label: 'dom0', values: dom0Values, color: OWNER_COLORS.dom0 });
    if (fleet) {
      layers.push({
        label: `domains (${count})`,
        values: columns.domainsKiB.map((v, i) => (v === null ? null : v - (dom0Values[i] || 0))),
        color: OWNER_COLORS.domains
      });
    } else {
      guests.forEach((d) => layers.push({ label: d.name, values: owned(d), color: domainColor(d.domid) }));
    }
    layers.push({ label: 'tmem', values: columns.tmemKiB, color: OWNER_COLORS.tmem });
    layers.push({ label: 'pressure', values: columns.pressureKiB, color: OWNER_COLORS.pressure });
    layers.push({ label: 'reserved', values: columns.reservedKiB, color: OWNER_COLORS.reserved });
    layers.push({ label: 'free', values: columns.freeKiB, color: OWNER_COLORS.free });
    const key = layers.map((l) => l.label).join('|');
    chart.show(key,
      (el, size) => charts().stackedArea(el, { times, layers, sync: 'xenemu', width: size.width, height: size.height }),
      (u) => charts().updateStacked(u, times, layers));
    chart.el.setAttribute('aria-label', `${title} memory by owner; latest: `
      + layers.map((l) => `${l.label} ${charts().formatKiB(l.values[l.values.length - 1])}`).join(', '));
  }

  domainLines(store, guests, fleet, count) {
    const times = store.times;
    if (fleet) {
      this.noteEl.textContent = `A fleet of ${count} guests: the 10th, 50th and 90th percentile across the `
        + 'guests alive at each sample (band p10–p90, line p50).';
      const metrics = METRICS.map((m) => ({
        label: METRIC_STYLE[m].label, color: METRIC_STYLE[m].color,
        p10: store.pct[m].p10, p50: store.pct[m].p50, p90: store.pct[m].p90
      }));
      this.domains.show('fleet',
        (el, size) => charts().percentiles(el, { times, metrics, sync: 'xenemu', width: size.width, height: size.height }),
        (u) => charts().updatePercentiles(u, times, metrics));
      return;
    }
    this.noteEl.textContent = guests.length === 0
      ? 'No guest domains yet: create one below.'
      : 'Per guest: target dashed, current solid, Committed_AS dotted.';
    const series = [];
    guests.forEach((d) => {
      const color = domainColor(d.domid);
      METRICS.forEach((m) => series.push({
        label: `${d.name} ${METRIC_STYLE[m].label}`, values: d[m], color,
        dash: METRIC_STYLE[m].dash, width: METRIC_STYLE[m].width
      }));
    });
    const key = series.map((s) => s.label).join('|');
    this.domains.show(key,
      (el, size) => charts().lines(el, { times, series, sync: 'xenemu', width: size.width, height: size.height }),
      (u) => charts().updateLines(u, times, series));
  }
}
