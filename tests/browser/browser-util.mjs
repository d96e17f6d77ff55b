// SPDX-License-Identifier: GPL-3.0-or-later
// What the browser tests share: Debian's Chromium launched headless and kept off the
// network, a page at a phone's size that collects what went wrong on it, and the lines a
// kiosk-side test program prints, one awaited at a time.
import path from 'node:path';
import readline from 'node:readline';
import puppeteer from 'puppeteer-core';

// An Android phone's screen: 393×851 CSS pixels at 2.75 device pixels each.
export const PHONE = {
  width: 393, height: 851, deviceScaleFactor: 2.75, isMobile: true, hasTouch: true,
};

// `lang` is the browser's language (Accept-Language): a console test starts Arabic, as staff do.
export function launchChromium(executablePath, profileDir, lang = 'en-US') {
  return puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profileDir,
    // Root in CI needs --no-sandbox; the rest keeps Chromium from reaching for the network,
    // which this machine refuses.
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--disable-domain-reliability',
      '--disable-client-side-phishing-detection', '--no-default-browser-check',
      '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
      `--lang=${lang}`],
  });
}

// A page that breaks its own CSP, or fails to load part of itself, says so in the returned
// list: console errors, page errors and failed requests (the browser's own /favicon.ico
// request is not the page's).
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

// A new page at a phone's size, with the list of its problems.
export async function phonePage(browser) {
  const page = await browser.newPage();
  await page.setViewport(PHONE);
  return { page, problems: watchProblems(page) };
}

// `next(ms)` resolves with the next line of `input` (a stream) that `accept` keeps, or
// rejects when `who` says nothing for `ms` milliseconds.
export function lineReader(input, who = 'kiosk', accept = () => true) {
  const lines = readline.createInterface({ input });
  const queue = [];
  const waiters = [];
  lines.on('line', (line) => {
    if (!accept(line)) return;
    if (waiters.length > 0) waiters.shift()(line);
    else queue.push(line);
  });
  return (ms) => new Promise((resolve, reject) => {
    if (queue.length > 0) return resolve(queue.shift());
    const waiter = (line) => { clearTimeout(timer); resolve(line); };
    // A wait that timed out takes no later line.
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error(`${who} said nothing in ${ms} ms`));
    }, ms);
    waiters.push(waiter);
  });
}

export async function screenshot(page, dir, name) {
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}
