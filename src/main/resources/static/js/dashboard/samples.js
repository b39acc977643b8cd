// The host's history on the page: the columns of GET /api/v1/host/samples merged window after
// window (?since= the newest sample held), bounded to the service's own history length. Each
// domain's arrays are aligned with `times` (null where the domain did not exist), and for a fleet
// the 10th/50th/90th percentiles across the guests alive at each sample are kept as samples arrive:
// computed here from the guests' tracks, or, when a window is a fleet's (`fleet`: the service
// sent the percentiles and dom0's track only), taken as sent.

const HOST_FIELDS = ['totalKiB', 'xenKiB', 'domainsKiB', 'tmemKiB', 'pressureKiB', 'reservedKiB', 'freeKiB'];
export const METRICS = ['target', 'current', 'committed'];
const PERCENTILES = [10, 50, 90];
/** A fleet window's member for each metric. */
const FLEET_FIELDS = { target: 'targetKiB', current: 'currentKiB', committed: 'committedAsKiB' };

function nulls(n) {
  return new Array(n).fill(null);
}

function memoryColumns() {
  const m = {};
  HOST_FIELDS.forEach((f) => { m[f] = []; });
  return m;
}

/** Nearest rank, as the scenario reports: the value at position ⌈p·m/100⌉ of the m sorted values. */
export function rank(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  return sorted[Math.max(0, Math.ceil((p * sorted.length) / 100) - 1)];
}

export class SampleStore {
  constructor() {
    this.reset();
  }

  reset() {
    this.hz = 250;
    this.capacity = 1800;
    this.latestJiffies = null;
    this.jiffies = [];
    this.times = [];
    this.gamma = [];
    this.host = memoryColumns();
    this.nodes = [];
    this.domains = new Map();
    this.pct = {};
    METRICS.forEach((m) => { this.pct[m] = { p10: [], p50: [], p90: [] }; });
    /** Guests at the newest sample when the last window was a fleet's (their tracks were not sent), else null. */
    this.fleetGuests = null;
  }

  /** The `since` of the next request: the newest sample held, or null for everything. */
  since() {
    return this.latestJiffies;
  }

  get length() {
    return this.times.length;
  }

  /** Adds a window; answers whether it brought samples. */
  merge(w) {
    if (this.latestJiffies !== null && w.latestJiffies !== null && w.latestJiffies < this.latestJiffies) {
      this.reset(); // the service's time went back (a snapshot restored, a restart): start over
    }
    this.hz = w.hz;
    this.capacity = w.history;
    const n = w.jiffies.length;
    if (n === 0) {
      return false;
    }
    const base = this.times.length;
    for (let i = 0; i < n; i++) {
      this.jiffies.push(w.jiffies[i]);
      this.times.push(w.jiffies[i] / w.hz);
      this.gamma.push(w.gamma[i]);
    }
    HOST_FIELDS.forEach((f) => this.host[f].push(...w.host[f]));
    w.nodes.forEach((node, k) => {
      if (!this.nodes[k]) {
        this.nodes[k] = memoryColumns();
        HOST_FIELDS.forEach((f) => { this.nodes[k][f] = nulls(base); });
      }
      HOST_FIELDS.forEach((f) => this.nodes[k][f].push(...node[f]));
    });
    for (const d of this.domains.values()) {
      this.extend(d, n);
    }
    for (const t of w.domains) {
      const key = `${t.domid}:${t.name}`;
      let d = this.domains.get(key);
      if (!d) {
        d = {
          key, domid: t.domid, name: t.name, target: nulls(base + n), current: nulls(base + n),
          committed: nulls(base + n), memFree: nulls(base + n), perNode: t.currentKiBPerNode.map(() => nulls(base + n))
        };
        this.domains.set(key, d);
      }
      for (let i = 0; i < t.targetKiB.length; i++) {
        const at = base + t.from + i;
        d.target[at] = t.targetKiB[i];
        d.current[at] = t.currentKiB[i];
        d.committed[at] = t.committedAsKiB[i];
        d.memFree[at] = t.memFreeKiB[i];
        t.currentKiBPerNode.forEach((values, node) => { d.perNode[node][at] = values[i]; });
      }
    }
    this.latestJiffies = w.latestJiffies;
    if (w.fleet) {
      METRICS.forEach((m) => PERCENTILES.forEach((p) => this.pct[m][`p${p}`].push(...w.fleet[FLEET_FIELDS[m]][`p${p}`])));
      this.fleetGuests = w.fleet.guests[n - 1];
    } else {
      this.percentiles(base, base + n);
      this.fleetGuests = null;
    }
    this.trim();
    return true;
  }

  extend(d, n) {
    ['target', 'current', 'committed', 'memFree'].forEach((k) => d[k].push(...nulls(n)));
    d.perNode.forEach((a) => a.push(...nulls(n)));
  }

  percentiles(from, to) {
    const guests = [...this.domains.values()].filter((d) => d.domid !== 0);
    for (let i = from; i < to; i++) {
      METRICS.forEach((m) => {
        const values = [];
        for (const d of guests) {
          if (d[m][i] !== null) {
            values.push(d[m][i]);
          }
        }
        values.sort((a, b) => a - b);
        PERCENTILES.forEach((p) => this.pct[m][`p${p}`].push(rank(values, p)));
      });
    }
  }

  trim() {
    const drop = this.times.length - this.capacity;
    if (drop <= 0) {
      return;
    }
    [this.jiffies, this.times, this.gamma].forEach((a) => a.splice(0, drop));
    HOST_FIELDS.forEach((f) => this.host[f].splice(0, drop));
    this.nodes.forEach((node) => HOST_FIELDS.forEach((f) => node[f].splice(0, drop)));
    METRICS.forEach((m) => PERCENTILES.forEach((p) => this.pct[m][`p${p}`].splice(0, drop)));
    for (const [key, d] of this.domains) {
      ['target', 'current', 'committed', 'memFree'].forEach((k) => d[k].splice(0, drop));
      d.perNode.forEach((a) => a.splice(0, drop));
      if (d.current.every((v) => v === null)) {
        this.domains.delete(key);
      }
    }
  }

  /** Domains in the newest sample, in domid order. */
  alive() {
    const last = this.times.length - 1;
    return [...this.domains.values()].filter((d) => last >= 0 && d.current[last] !== null)
      .sort((a, b) => a.domid - b.domid);
  }

  /** Every domain with a value somewhere in the history, in domid order. */
  all() {
    return [...this.domains.values()].sort((a, b) => a.domid - b.domid || a.key.localeCompare(b.key));
  }

  /** The newest value of a domain's metric, or null. */
  latest(domid, metric) {
    const d = this.alive().find((x) => x.domid === domid);
    return d ? d[metric][this.times.length - 1] : null;
  }
}
