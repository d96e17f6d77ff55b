// SPDX-License-Identifier: GPL-3.0-or-later
// What the browser tests share: reading a helper program's output line by line, and
// collecting what a page reports against itself.

// Returns next(ms): resolves with the next line of `stream` that `accept` keeps, or rejects
// when `who` says nothing for `ms` milliseconds.
export function lineReader(readline, stream, who, accept = () => true) {
  const lines = readline.createInterface({ input: stream });
  const queue = [];
  const waiters = [];
  lines.on('line', (line) => {
    if (!accept(line)) return;
    if (waiters.length > 0) waiters.shift()(line);
    else queue.push(line);
  });
  return (ms) => new Promise((resolve, reject) => {
    if (queue.length > 0) return resolve(queue.shift());
    const timer = setTimeout(() => reject(new Error(`${who} said nothing in ${ms} ms`)), ms);
    waiters.push((line) => { clearTimeout(timer); resolve(line); });
  });
}

// A page that breaks its own CSP, or fails to load part of itself, says so in the returned
// list. (The browser's own request for /favicon.ico is not the page's.)
export function watchProblems(page) {
  const problems = [];
  page.on('console', (message) => {
    const where = message.location().url || '';
    if (message.type() === 'error' && !where.endsWith('/favicon.ico')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return problems;
}
