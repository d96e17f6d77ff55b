// SPDX-License-Identifier: GPL-3.0-or-later
// The phone upload page in a real browser: Debian's Chromium, headless, at a phone's size,
// driven by puppeteer-core. The kiosk side is tests/devices/phone-upload-kiosk (the upload
// server on the core API with a seeded store); it prints the session's link as read back
// from its QR code by the kiosk's own decoder, then one JSON line per photo it received.
// Screenshots of the page in both languages go to SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, lineReader, phonePage as newPhonePage, screenshot as save }
  from './browser-util.mjs';

const kioskProgram = process.env.PHONE_UPLOAD_KIOSK;
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.SCREENSHOT_DIR;

// A street in Al Khuwair (wilayat of Bawshar), as the phone's GPS put it in the photo.
const KHUWAIR = { latitude: 23.5935, longitude: 58.418 };

let scratch;
let photoPath;
let browser;
const kiosks = [];

// Starts the kiosk side in `language`; resolves with its link and a way to await photos.
async function startKiosk(language) {
  const dir = path.join(scratch, `kiosk-${language}-${kiosks.length}`);
  mkdirSync(dir);
  const child = spawn(kioskProgram, [dir, language], { stdio: ['pipe', 'pipe', 'inherit'] });
  const next = lineReader(child.stdout);
  const kiosk = { child, next, url: await next(10000) };
  kiosks.push(kiosk);
  assert.match(kiosk.url, /^http:\/\/127\.0\.0\.1:\d+\/u\/[A-Za-z0-9_-]{22}$/);
  return kiosk;
}

function phonePage() {
  return newPhonePage(browser);
}

function screenshot(page, name) {
  return save(page, shots, name);
}

before(async () => {
  assert.ok(kioskProgram, 'PHONE_UPLOAD_KIOSK names the kiosk side');
  scratch = mkdtempSync(path.join(tmpdir(), 'phone-upload-'));
  if (shots) mkdirSync(shots, { recursive: true });
  photoPath = path.join(scratch, 'IMG_20261130_101500.jpg');
  execFileSync(kioskProgram, ['--write-jpeg', photoPath, String(KHUWAIR.latitude),
    String(KHUWAIR.longitude)]);
  browser = await launchChromium(chromium, path.join(scratch, 'profile'));
});

after(async () => {
  if (browser) await browser.close();
  for (const kiosk of kiosks) kiosk.child.stdin.end();
  await Promise.all(kiosks.map((k) => new Promise((resolve) => {
    if (k.child.exitCode !== null) resolve();
    else k.child.on('exit', resolve);
  })));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('a photo with GPS sent from the Arabic page reaches the kiosk with its area proposed',
  async () => {
    const kiosk = await startKiosk('ar');
    const { page, problems } = await phonePage();
    const response = await page.goto(kiosk.url);

    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(await page.$eval('html', (e) => e.dir), 'rtl');
    assert.equal(await page.$eval('h1', (e) => e.textContent), 'أرسل الصور إلى جهاز الخدمة الذاتية');
    assert.equal(await page.$eval('#photo', (e) => e.accept), 'image/*');
    // The script ran (it hides the Send button: choosing a photo sends it).
    assert.equal(await page.$eval('#send', (e) => e.className), 'hidden');
    await screenshot(page, 'phone-upload-ar.png');

    const input = await page.$('#photo');
    await input.uploadFile(photoPath);
    await page.waitForFunction(
      () => document.getElementById('status').textContent.startsWith('وصلت الصورة'),
      { timeout: 15000 });
    await screenshot(page, 'phone-upload-ar-received.png');

    const photo = JSON.parse(await kiosk.next(5000));
    assert.equal(photo.has_location, true);
    assert.ok(Math.abs(photo.latitude - KHUWAIR.latitude) < 1e-5);
    assert.ok(Math.abs(photo.longitude - KHUWAIR.longitude) < 1e-5);
    assert.equal(photo.wilayat, 'BSH');
    assert.equal(photo.area, 'BSH-KHUWAIR');
    assert.equal(photo.stored_is_jpeg, true);
    assert.equal(photo.stored_has_exif, false);
    assert.deepEqual(problems, []);
    await page.close();
  });

test('without JavaScript the English form posts the photo and the kiosk receives it',
  async () => {
    const kiosk = await startKiosk('en');
    const { page, problems } = await phonePage();
    await page.setJavaScriptEnabled(false);
    await page.goto(kiosk.url);

    assert.equal(await page.$eval('html', (e) => e.dir), 'ltr');
    assert.equal(await page.$eval('h1', (e) => e.textContent), 'Send photos to the kiosk');
    await screenshot(page, 'phone-upload-en.png');

    const input = await page.$('#photo');
    await input.uploadFile(photoPath);
    const [posted] = await Promise.all([page.waitForNavigation(), page.click('#send')]);
    assert.equal(posted.status(), 200);
    assert.match(await page.$eval('#status', (e) => e.textContent), /^Photo received/);
    await screenshot(page, 'phone-upload-en-received.png');

    const photo = JSON.parse(await kiosk.next(5000));
    assert.equal(photo.area, 'BSH-KHUWAIR');
    assert.equal(photo.stored_has_exif, false);
    assert.deepEqual(problems, []);
    await page.close();
  });

test('a link that is not the session\'s gets a page saying so and sends nothing',
  async () => {
    const kiosk = await startKiosk('en');
    const { page } = await phonePage();
    const forged = kiosk.url.replace(/\/u\/.*$/, '/u/AAAAAAAAAAAAAAAAAAAAAA');
    const response = await page.goto(forged);

    assert.equal(response.status(), 404);
    assert.equal(await page.$eval('h1', (e) => e.textContent), 'This link does not work');
    assert.equal(await page.$('form'), null);
    await screenshot(page, 'phone-upload-en-invalid-link.png');
    await assert.rejects(kiosk.next(500));
    await page.close();
  });
