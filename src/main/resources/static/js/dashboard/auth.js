// Token mode: the page shows nothing but the login prompt until a token has worked against an
// API call (GET /host, which is dom0's). Open mode: the first call just works and no prompt shows.

import { ApiError } from './api.js';

/** Resolves once the API answers GET /host (with the kept token, or one the person types). */
export async function authenticate(api, ui) {
  if (await works(api, ui, false)) {
    return;
  }
  ui.login.hidden = false;
  ui.tokenInput.focus();
  await new Promise((resolve) => {
    ui.loginForm.addEventListener('submit', async function onSubmit(event) {
      event.preventDefault();
      ui.loginError.textContent = '';
      api.useToken(ui.tokenInput.value.trim());
      if (await works(api, ui, true)) {
        ui.tokenInput.value = '';
        ui.loginForm.removeEventListener('submit', onSubmit);
        ui.login.hidden = true;
        resolve();
      }
    });
  });
}

async function works(api, ui, typed) {
  try {
    await api.get('/host');
    return true;
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
      throw e;
    }
    api.useToken(null);
    if (typed) {
      ui.loginError.textContent = e.status === 403
        ? 'That token is a domain\'s; the dashboard needs the admin (dom0) token.'
        : `Not accepted: ${e.describe()}`;
    }
    return false;
  }
}
