// One line under the header that says what the last action did, or why the service refused it
// (the problem+json detail and errno). Errors stay until the next action; notes fade.

import { ApiError } from './api.js';

export class Status {
  constructor(el) {
    this.el = el;
    this.timer = null;
  }

  note(text) {
    this.show(text, 'info');
    this.timer = setTimeout(() => { this.el.hidden = true; }, 4000);
  }

  error(e) {
    this.show(e instanceof ApiError ? e.describe() : String(e.message || e), 'error');
  }

  show(text, kind) {
    clearTimeout(this.timer);
    this.el.textContent = text;
    this.el.className = `status ${kind}`;
    this.el.hidden = false;
  }

  /** Runs an action; shows its note on success, its refusal on failure; answers whether it worked. */
  async run(action, success) {
    try {
      const result = await action();
      if (success) {
        this.note(typeof success === 'function' ? success(result) : success);
      }
      return true;
    } catch (e) {
      this.error(e);
      return false;
    }
  }
}
