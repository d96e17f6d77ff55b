// SPDX-License-Identifier: GPL-3.0-or-later
// The staff console in a real browser: Debian's Chromium, headless, driven by puppeteer-core.
// The server side is tests/sync/console-browser-fixture: a report filed at a kiosk through
// the core API and sent by the real agent to the real kiosk-central; it prints the server's
// address and the report, and on "track" pulls again and prints the kiosk's tracking.
// Screenshots of the console's pages in both languages, at 1366×768 and on a tablet, go to
// SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, lineReader, watchProblems } from './browser-util.mjs';

const fixtureProgram = process.env.CONSOLE_FIXTURE;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.SCREENSHOT_DIR;
const DESKTOP = { width: 1366, height: 768 };
const TABLET = { width: 820, height: 1180, isMobile: true, hasTouch: true };

let fixture;
let child;
let browser;
let nextLine;

function startFixture() {
  child = spawn(fixtureProgram, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  // GLib's test logging writes "# …" lines to stdout: only JSON lines are answers.
  const next = lineReader(child.stdout, 'the fixture', (line) => line.startsWith('{'));
  nextLine = async (ms) => JSON.parse(await next(ms));
}

async function track() {
  child.stdin.write('track\n');
  return nextLine(30000);
}

async function kioskAnnouncements() {
  child.stdin.write('announcements\n');
  return (await nextLine(30000)).announcements;
}

// "YYYY-MM-DDTHH:MM" in Muscat (UTC+4), `seconds` from now: a datetime-local field's value.
function muscatInput(seconds) {
  return new Date(Date.now() + (seconds + 4 * 3600) * 1000).toISOString().slice(0, 16);
}

// A fresh browser context (its own cookies) and page; problems collects what the page
// reports against itself (a CSP violation, a failed load).
async function newPage(viewport = DESKTOP) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  return { context, page, problems: watchProblems(page) };
}

// captureBeyondViewport: false, or Chromium shifts a right-to-left page that fits in the
// viewport by the width of its scroll area.
async function screenshot(page, name) {
  if (shots) {
    await page.screenshot({ path: path.join(shots, name), fullPage: true,
      captureBeyondViewport: false });
  }
}

async function submit(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  return response;
}

async function signIn(page, user, password) {
  await page.goto(`${fixture.url}/console/login`);
  await page.type('input[name=username]', user);
  await page.type('input[name=password]', password);
  return submit(page, 'form[action="/console/login"] button[type=submit]');
}

before(async () => {
  assert.ok(fixtureProgram, 'CONSOLE_FIXTURE names the server side');
  if (shots) mkdirSync(shots, { recursive: true });
  startFixture();
  fixture = await nextLine(60000);
  assert.match(fixture.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  browser = await launchChromium(chromium, undefined, 'ar');
});

after(async () => {
  if (browser) await browser.close();
  if (child) {
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
  }
});

test('a photo URL without a session is refused', async () => {
  const { context, page } = await newPage();
  const response = await page.goto(`${fixture.url}/console/photos/${fixture.photos[0]}`);
  assert.equal(response.status(), 401);
  assert.notEqual(response.headers()['content-type'], 'image/jpeg');
  const list = await page.goto(`${fixture.url}/console/`);
  assert.ok(list.url().endsWith('/console/login'), 'the list sends to sign-in');
  await context.close();
});

test('repeated wrong passwords lock the account', async () => {
  const { context, page } = await newPage();
  for (let i = 1; i <= 5; i++) {
    const response = await signIn(page, fixture.officer, 'not the password');
    assert.equal(response.status(), i < 5 ? 401 : 403);
  }
  const alert = await page.$eval('[role=alert]', (node) => node.textContent);
  assert.match(alert, /15/);
  await screenshot(page, 'console-login-locked-ar.png');
  const locked = await signIn(page, fixture.officer, fixture.officer_password);
  assert.equal(locked.status(), 403, 'the right password does not open a locked account');
  assert.ok(page.url().endsWith('/console/login'));
  await context.close();
});

test('a form posted without its CSRF token is refused', async () => {
  const { context, page } = await newPage();
  await signIn(page, fixture.supervisor, fixture.supervisor_password);
  await page.goto(`${fixture.url}/console/reports/${fixture.uuid}`);
  await page.$eval('.status-form input[name=csrf]', (input) => input.remove());
  await page.select('.status-form select[name=status]', 'rejected');
  await page.type('.status-form textarea[name=note_en]', 'forged');
  const response = await submit(page, '.status-form button[type=submit]');
  assert.equal(response.status(), 403);
  await page.goto(`${fixture.url}/console/reports/${fixture.uuid}`);
  assert.equal(await page.$eval('h1 .status', (node) => node.className), 'status received');
  await context.close();
});

test('staff find a report, see its photos, resolve it, and the kiosk tracks it', async () => {
  const { context, page, problems } = await newPage();
  const noteAr = 'تم ردم الحفرة وإعادة سفلتة المسار';
  const noteEn = 'The pothole was filled and the lane resurfaced';

  const login = await page.goto(`${fixture.url}/console/`);
  assert.ok(login.url().endsWith('/console/login'));
  assert.equal(await page.$eval('html', (html) => html.dir), 'rtl');
  await screenshot(page, 'console-login-ar.png');
  await signIn(page, fixture.supervisor, fixture.supervisor_password);
  assert.ok(page.url().endsWith('/console/'), `signed in at ${page.url()}`);
  await screenshot(page, 'console-list-ar.png');

  // Filtered: by category and wilayat the report is there; by another category it is not.
  await page.select('select[name=category]', 'graffiti');
  await submit(page, '.filters button[type=submit]');
  assert.equal(await page.$(`a[href="/console/reports/${fixture.uuid}"]`), null);
  await page.select('select[name=category]', 'pothole');
  await page.select('select[name=wilayat]', 'MSQ');
  await page.select('select[name=kiosk]', 'CON01');
  await submit(page, '.filters button[type=submit]');
  assert.match(page.url(), /category=pothole/);
  await screenshot(page, 'console-list-filtered-ar.png');

  await submit(page, `a[href="/console/reports/${fixture.uuid}"]`);
  assert.equal(await page.$eval('h1 bdi', (node) => node.textContent), fixture.reference);
  // Both photos shown, decoded by the browser from the signed-in session.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  const widths = await page.$$eval('.photos img', (images) => images.map((i) => i.naturalWidth));
  assert.equal(widths.length, fixture.photos.length);
  assert.ok(widths.every((width) => width > 0), `photos decoded: ${widths}`);
  await screenshot(page, 'console-report-ar.png');

  await page.select('.status-form select[name=status]', 'in_progress');
  await submit(page, '.status-form button[type=submit]');
  assert.equal(await page.$eval('h1 .status', (node) => node.className), 'status in_progress');
  await page.select('.status-form select[name=status]', 'resolved');
  await page.type('.status-form textarea[name=note_ar]', noteAr);
  await page.type('.status-form textarea[name=note_en]', noteEn);
  await submit(page, '.status-form button[type=submit]');
  assert.equal(await page.$eval('h1 .status', (node) => node.className), 'status resolved');
  assert.equal(await page.$eval('h1 .status', (node) => node.textContent), 'تم الحل');
  await screenshot(page, 'console-report-resolved-ar.png');

  // The kiosk learns it with its next pull.
  const tracked = await track();
  assert.deepEqual(tracked, { status: 'resolved', note_ar: noteAr, note_en: noteEn });

  // English, on the same pages; then a tablet.
  await submit(page, 'a.lang');
  assert.equal(await page.$eval('html', (html) => html.dir), 'ltr');
  assert.equal(await page.$eval('h1 .status', (node) => node.textContent), 'Resolved');
  await screenshot(page, 'console-report-en.png');
  await page.goto(`${fixture.url}/console/`);
  await screenshot(page, 'console-list-en.png');
  await page.setViewport(TABLET);
  await screenshot(page, 'console-list-en-tablet.png');
  await submit(page, 'a.lang');
  await screenshot(page, 'console-list-ar-tablet.png');
  await page.goto(`${fixture.url}/console/reports/${fixture.uuid}`);
  await screenshot(page, 'console-report-ar-tablet.png');
  await page.setViewport(DESKTOP);
  await page.goto(`${fixture.url}/console/kiosks`);
  assert.ok(await page.$('a[href="/console/kiosks?kiosk=CON01"]'), 'the kiosk is listed');
  await screenshot(page, 'console-kiosks-ar.png');
  await page.goto(`${fixture.url}/console/refunds`);
  await screenshot(page, 'console-refunds-ar.png');

  await submit(page, 'form[action="/console/logout"] button');
  assert.ok(page.url().endsWith('/console/login'));
  const again = await page.goto(`${fixture.url}/console/reports/${fixture.uuid}`);
  assert.ok(again.url().endsWith('/console/login'), 'signed out, the report is not shown');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a supervisor publishes an announcement and the kiosk has it after its pull', async () => {
  const { context, page, problems } = await newPage();
  const titleEn = 'Al Qurum Natural Park reopens';

  await signIn(page, fixture.supervisor, fixture.supervisor_password);
  await submit(page, 'a[href="/console/announcements"]');
  await screenshot(page, 'console-announcements-ar.png');
  await submit(page, 'a[href="/console/announcements/new"]');
  await page.select('select[name=category]', 'project');
  await page.type('input[name=title_ar]', 'إعادة افتتاح حديقة القرم الطبيعية');
  await page.type('input[name=title_en]', titleEn);
  await page.type('textarea[name=body_ar]',
    'تفتح الحديقة أبوابها للزوار من جديد بعد أعمال التطوير.');
  await page.type('textarea[name=body_en]', 'The park opens again to visitors after its renewal.');
  await page.$eval('input[name=publish_at]', (input, value) => { input.value = value; },
    muscatInput(-600));
  // An expiry before the publish date: refused, said next to the field, nothing saved.
  await page.$eval('input[name=expires_at]', (input, value) => { input.value = value; },
    muscatInput(-3600));
  const refused = await submit(page, '.content-form button[type=submit]');
  assert.equal(refused.status(), 400);
  assert.match(await page.$eval('[role=alert]', (node) => node.textContent),
    /تاريخ الانتهاء \(اختياري\) يجب أن يكون بعد تاريخ النشر/);
  assert.equal(await page.$eval('input[name=title_en]', (input) => input.value), titleEn);
  await screenshot(page, 'console-announcement-form-error-ar.png');
  await page.$eval('input[name=expires_at]', (input, value) => { input.value = value; },
    muscatInput(7 * 86400));
  const saved = await submit(page, '.content-form button[type=submit]');
  assert.equal(saved.status(), 200);
  assert.ok(page.url().endsWith('/console/announcements'), `back at the list: ${page.url()}`);
  assert.ok((await page.content()).includes('إعادة افتتاح حديقة القرم الطبيعية'));
  await screenshot(page, 'console-announcements-saved-ar.png');

  assert.ok((await kioskAnnouncements()).includes(titleEn), 'the kiosk has it after its pull');

  // English: the list, a form, the guide, the fleet.
  await submit(page, 'a.lang');
  assert.equal(await page.$eval('html', (html) => html.dir), 'ltr');
  await screenshot(page, 'console-announcements-en.png');
  await submit(page, 'a[href="/console/announcements/new"]');
  await screenshot(page, 'console-announcement-form-en.png');
  await page.goto(`${fixture.url}/console/guide`);
  await screenshot(page, 'console-guide-en.png');
  await page.goto(`${fixture.url}/console/guide/new`);
  await screenshot(page, 'console-guide-form-en.png');
  await page.goto(`${fixture.url}/console/kiosks`);
  assert.ok((await page.content()).includes('Queue depth'));
  await screenshot(page, 'console-kiosks-en.png');
  await submit(page, 'a.lang');
  await page.goto(`${fixture.url}/console/guide`);
  await screenshot(page, 'console-guide-ar.png');
  // The one refusal above is the browser's only complaint.
  assert.deepEqual(problems, ['Failed to load resource: the server responded with a status'
    + ' of 400 (Bad Request)']);
  await context.close();
});
