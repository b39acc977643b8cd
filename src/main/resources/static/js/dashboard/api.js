// The service's REST API as the page uses it: JSON in and out, the token (token mode) only in this
// tab's sessionStorage and in the Authorization header, never in a URL. A refusal becomes an
// ApiError carrying the problem+json the service sent (its detail is what the page shows).

const TOKEN_KEY = 'xenemu.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** "detail (ERRNO)", as the status line shows it. */
  describe() {
    const errno = this.problem.errno ? ` (${this.problem.errno})` : '';
    return `${this.message}${errno}`;
  }
}

export class Api {
  constructor(base = 'api/v1') {
    this.base = base;
    this.token = sessionStorage.getItem(TOKEN_KEY);
  }

  useToken(token) {
    this.token = token;
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }

  headers(extra = {}) {
    const h = { Accept: 'application/json', ...extra };
    if (this.token) {
      h.Authorization = `Bearer ${this.token}`;
    }
    return h;
  }

  async request(method, path, body, signal) {
    const init = { method, headers: this.headers(), signal, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${this.base}${path}`, init);
    if (!response.ok) {
      let problem = { title: response.statusText, status: response.status };
      try {
        problem = await response.json();
      } catch (e) {
        // not problem+json (a proxy's page): keep the status line
      }
      throw new ApiError(response.status, problem);
    }
    return response.status === 204 ? null : response.json();
  }

  get(path, signal) { return this.request('GET', path, undefined, signal); }
  put(path, body) { return this.request('PUT', path, body); }
  post(path, body) { return this.request('POST', path, body); }
  patch(path, body) { return this.request('PATCH', path, body); }
  delete(path) { return this.request('DELETE', path); }

  /** The raw streaming response of GET /events (text/event-stream), for the stream reader. */
  openEvents(after, signal) {
    const query = after === null ? '' : `?after=${after}`;
    return fetch(`${this.base}/events${query}`, {
      headers: this.headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store'
    });
  }
}
