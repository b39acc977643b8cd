// The engine events, live: GET /api/v1/events read as a stream with fetch (EventSource cannot send
// an Authorization header). Parses server-sent events, hands each {seq, type, jiffies, data} to
// the listener in order, and reconnects after ?after=<last seq seen> when the stream ends (the
// service closes a reader that fell too far behind; a restart ends it too).

export class EventStream {
  constructor(api, onEvent, onState = () => {}) {
    this.api = api;
    this.onEvent = onEvent;
    this.onState = onState;
    this.lastSeq = null;
    this.controller = null;
    this.stopped = false;
  }

  /** Starts with the `backlog` most recent events the history holds, then live ones. */
  async start(backlog = 200) {
    const page = await this.api.get('/events?after=0&limit=1');
    this.lastSeq = Math.max(0, page.lastSeq - backlog);
    this.loop();
  }

  stop() {
    this.stopped = true;
    if (this.controller) {
      this.controller.abort();
    }
  }

  async loop() {
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        const response = await this.api.openEvents(this.lastSeq, this.controller.signal);
        if (!response.ok) {
          throw new Error(`the event stream answered ${response.status}`);
        }
        this.onState('live');
        await this.read(response.body.getReader());
        this.onState('reconnecting');
      } catch (e) {
        if (this.stopped || e.name === 'AbortError') {
          return;
        }
        this.onState('reconnecting');
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        this.dispatch(block);
      }
    }
  }

  dispatch(block) {
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('data:')) {
        data.push(line.slice(line.charAt(5) === ' ' ? 6 : 5));
      }
      // id:, event: and comments (":keep-alive") are implied by or irrelevant to the JSON
    }
    if (data.length === 0) {
      return;
    }
    const event = JSON.parse(data.join('\n'));
    if (this.lastSeq !== null && event.seq <= this.lastSeq) {
      return;
    }
    this.lastSeq = event.seq;
    this.onEvent(event);
  }
}
