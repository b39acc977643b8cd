// The clock panel: mode (realtime / manual), speed, and "advance by N seconds" (manual mode only),
// plus the clock line in the header. The form shows the service's values unless the person is
// editing it.

import { formatSeconds } from './format.js';

export class ClockPanel {
  constructor(api, status, ui, onChange) {
    this.api = api;
    this.status = status;
    this.ui = ui;
    this.onChange = onChange;
    this.clock = null;
    ui.clockForm.addEventListener('submit', (e) => { e.preventDefault(); this.apply(); });
    ui.advanceForm.addEventListener('submit', (e) => { e.preventDefault(); this.advance(); });
  }

  async apply() {
    const body = { mode: this.ui.mode.value };
    if (this.ui.speed.value !== '') {
      body.speed = Number(this.ui.speed.value);
    }
    if (await this.status.run(() => this.api.put('/clock', body), `Clock: ${body.mode}`)) {
      this.ui.clockForm.dataset.dirty = '';
      this.onChange();
    }
  }

  async advance() {
    const seconds = Number(this.ui.seconds.value);
    const ok = await this.status.run(() => this.api.post('/clock/advance', { seconds }),
      (c) => `Advanced ${seconds} s: now ${formatSeconds(c.jiffies / c.hz)}`);
    if (ok) {
      this.onChange();
    }
  }

  /** The service's clock, as GET /clock answered it. */
  show(clock, streamState) {
    this.clock = clock;
    const editing = this.ui.clockForm.contains(document.activeElement);
    if (!editing) {
      this.ui.mode.value = clock.mode;
      this.ui.speed.value = String(clock.speed);
    }
    this.ui.advanceButton.disabled = clock.mode !== 'manual';
    this.ui.advanceButton.title = clock.mode === 'manual' ? '' : 'only in manual mode';
    this.ui.line.textContent = `virtual time ${formatSeconds(clock.jiffies / clock.hz)} · jiffy ${clock.jiffies}`
      + ` · ${clock.mode}${clock.mode === 'realtime' ? ` ×${clock.speed}` : ''} · events ${streamState}`;
  }
}
