/** The message line under the header: errors in plain words, short notices, cleared on the next action. */
import { describeError } from './api.js';

const el = () => document.getElementById('status');

export function showError(err) {
  if (err?.name === 'AbortError') return;
  const box = el();
  box.className = 'error';
  box.textContent = describeError(err);
}

export function showInfo(text) {
  const box = el();
  box.className = 'info';
  box.textContent = text;
}

export function clearStatus() {
  el().textContent = '';
}
