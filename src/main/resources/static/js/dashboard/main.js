// The dashboard page: signs in (token mode), then keeps the panels current. Data comes from
// GET /host/samples?since= (the host sampler's ring on the virtual clock: a page opened late
// still shows the past minutes; for more than FLEET_ABOVE guests the service sends their
// percentiles, not their tracks), GET /clock, /host, /domains and /host/balancer once a second and
// at once after every action, and the event stream, whose events also trigger a refresh.

import { Api } from './api.js';
import { authenticate } from './auth.js';
import { BalancerPanel, GammaChart } from './balancer.js';
import { ClockPanel } from './clock.js';
import { DomainsPanel } from './domains.js';
import { EventLog, KINDS } from './event-log.js';
import { FLEET_ABOVE, MemoryCharts } from './memory-charts.js';
import { PressurePanel } from './pressure.js';
import { SampleStore } from './samples.js';
import { Status } from './status.js';
import { EventStream } from './stream.js';

const POLL_MS = 1000;
/** Events after which the page refreshes at once rather than at the next poll. */
const REFRESHING = new Set([...KINDS.domains, ...KINDS.clock, 'TargetChanged', 'BalancerRan',
  'BalancerPolicyChanged', 'DomainStuck', 'DomainUncooperative', 'DomainCooperative']);

const $ = (id) => document.getElementById(id);

class Dashboard {
  constructor(api) {
    this.api = api;
    this.status = new Status($('status'));
    this.store = new SampleStore();
    const refresh = () => this.refreshSoon();
    this.charts = new MemoryCharts($('host-chart'), $('node-charts'), $('domains-chart'), $('domains-chart-note'));
    this.clock = new ClockPanel(api, this.status, {
      clockForm: $('clock-form'), mode: $('clock-mode'), speed: $('clock-speed'), advanceForm: $('advance-form'),
      seconds: $('advance-seconds'), advanceButton: $('advance'), line: $('clock-line')
    }, refresh);
    this.domains = new DomainsPanel(api, this.status, {
      tbody: document.querySelector('#domains-table tbody'), createForm: $('create-form'),
      selfballoonDialog: $('selfballoon-dialog')
    }, refresh);
    this.pressure = new PressurePanel(api, this.status, $('pressure-form'), $('pressure-now'), refresh);
    this.balancer = new BalancerPanel(api, this.status, $('balancer'), refresh);
    this.gamma = new GammaChart($('gamma-chart'));
    this.log = new EventLog($('event-filters'), $('event-log'));
    this.streamState = 'connecting';
    this.stream = new EventStream(api, (e) => this.onEvent(e), (s) => { this.streamState = s; });
    this.running = null;
    this.again = false;
    this.timer = null;
  }

  async start() {
    await this.refresh();
    await this.stream.start();
    this.schedule();
  }

  onEvent(e) {
    this.log.add(e);
    if (REFRESHING.has(e.type)) {
      this.refreshSoon();
    }
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      await this.refresh();
      this.schedule();
    }, POLL_MS);
  }

  refreshSoon() {
    this.refresh();
  }

  /** One refresh at a time; a request for another while one runs makes one more run after it. */
  refresh() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.refreshOnce();
      } while (this.again);
    })().finally(() => { this.running = null; });
    return this.running;
  }

  async refreshOnce() {
    try {
      const [window, clock, host, domains] = await Promise.all([
        this.api.get(`/host/samples?fleetAbove=${FLEET_ABOVE}${this.store.since() === null ? '' : `&since=${this.store.since()}`}`),
        this.api.get('/clock'), this.api.get('/host'), this.api.get('/domains')
      ]);
      this.log.hz = clock.hz;
      if (this.store.merge(window) || !this.charts.host.u) {
        this.charts.render(this.store);
        this.gamma.render(this.store);
      }
      const hostEl = $('host-chart');
      hostEl.dataset.points = String(this.store.length);
      hostEl.dataset.latestJiffies = String(this.store.latestJiffies);
      this.clock.show(clock, this.streamState);
      this.pressure.show(host);
      this.domains.show(domains);
      await this.balancer.refresh(domains, clock.hz, host);
      document.body.dataset.refreshed = String(clock.jiffies);
    } catch (e) {
      if (e.status === 401) {
        // the token stopped working (the service restarted with another): ask again
        this.api.useToken(null);
        location.reload();
        return;
      }
      this.status.error(e);
    }
  }
}

async function main() {
  const api = new Api();
  try {
    await authenticate(api, {
      login: $('login'), loginForm: $('login-form'), tokenInput: $('token'), loginError: $('login-error')
    });
  } catch (e) {
    const s = $('status');
    s.textContent = `The service did not answer: ${e.message}`;
    s.hidden = false;
    return;
  }
  $('app').hidden = false;
  if (api.token) {
    const logout = $('logout');
    logout.hidden = false;
    logout.addEventListener('click', () => { api.useToken(null); location.reload(); });
  }
  const dashboard = new Dashboard(api);
  globalThis.xenemuDashboard = dashboard; // for the browser test and curious readers
  await dashboard.start();
}

main();
