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

export function launchChromium(executablePath, profileDir) {
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
      '--lang=en-US'],
  });
}

// A new page at a phone's size; `problems` fills with console errors, page errors and
// failed requests of the page (the browser's own /favicon.ico request is not the page's).
export async function phonePage(browser) {
  const page = await browser.newPage();
  await page.setViewport(PHONE);
  const problems = [];
  page.on('console', (message) => {
    const where = message.location().url || '';
    if (message.type() === 'error' && !where.endsWith('/favicon.ico')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return { page, problems };
}

// `next(ms)` resolves with the child's next line of standard output, or rejects after `ms`.
export function lineReader(child) {
  const lines = readline.createInterface({ input: child.stdout });
  const queue = [];
  const waiters = [];
  lines.on('line', (line) => {
    if (waiters.length > 0) waiters.shift()(line);
    else queue.push(line);
  });
  return (ms) => new Promise((resolve, reject) => {
    if (queue.length > 0) return resolve(queue.shift());
    const waiter = (line) => { clearTimeout(timer); resolve(line); };
    // A wait that timed out takes no later line.
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error(`kiosk said nothing in ${ms} ms`));
    }, ms);
    waiters.push(waiter);
  });
}

export async function screenshot(page, dir, name) {
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}
