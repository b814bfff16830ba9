/**
 * The workspace's one script, served from /assets/workspace.js (the pages allow scripts from the site only, none
 * inline). Every page works without it; it adds what a page cannot do alone:
 * - copy buttons, for a field named by `data-copy` (hidden until this script shows them);
 * - a running batch's progress, polled from the URL in `data-batch-progress` until the batch ends, then the page is
 *   reloaded to show every outcome.
 */
export const workspaceScript = `'use strict';
(() => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = button.dataset.copied;
        setTimeout(() => { button.textContent = label; }, 2500);
      } catch {
        field.focus();
        field.select();
      }
    });
  }

  const progress = document.querySelector('[data-batch-progress]');
  if (!progress) return;
  const url = progress.dataset.batchProgress;
  const setText = (selector, text) => {
    const element = progress.querySelector(selector);
    if (element && element.textContent !== text) element.textContent = text;
  };
  const poll = async () => {
    let answer;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (response.status === 401 || response.status === 404) return;
      if (response.ok) answer = await response.json();
    } catch {}
    if (answer) {
      if (answer.status !== 'running') return location.reload();
      setText('[data-batch-status]', answer.statusText);
      setText('[data-batch-done]', answer.doneText);
      const bar = progress.querySelector('[data-batch-bar]');
      if (bar) bar.value = answer.done;
      for (const [outcome, count] of Object.entries(answer.counts)) setText('[data-batch-count="' + outcome + '"]', String(count));
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
})();
`;
