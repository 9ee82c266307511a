// Playwright peer of proofup's enrollment benchmark (not part of the product).
// Walks scenarios/enrollment-nl.yaml against a running mock-idp with
// playwright-core driving Debian's Chromium, N times, each in a fresh browser
// context, and does the phone's part over mock-idp's phone-side HTTP API the
// way proofup's virtual phone does (mock-idp/PROTOCOL.md, "Phone side").
// Interface and output: bench/peers/README.md.
import { chromium } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'admin-token': { type: 'string' },
    user: { type: 'string', default: 'user01@voorbeeld.nl' },
    password: { type: 'string', default: 'Test-User01-2024!' },
    'display-name': { type: 'string', default: 'Testgebruiker 01' },
    mobile: { type: 'string', default: '06 12345601' },
    e164: { type: 'string', default: '+31612345601' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    timeout: { type: 'string', default: '10000' },
    steps: { type: 'boolean', default: false },
    // A PNG of every screen, as proofup run saves one per step (like with like
    // for the benchmark's --screens).
    screens: { type: 'boolean', default: false },
    'serve-fd': { type: 'string' },
  },
});
if (!opt.url) {
  console.error('usage: node enrollment.mjs --url http://127.0.0.1:PORT [--runs N] [--admin-token T]');
  process.exit(2);
}
const base = opt.url.replace(/\/$/, '');
const runs = Number(opt.runs);
const timeout = Number(opt.timeout);

async function json(method, path, body, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

// Polls `probe` until it returns a value, like the virtual phone waiting for
// a push or an SMS; fails after `timeout` ms.
async function until(what, probe) {
  const deadline = performance.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The phone: Authenticator app plus SIM (mock-idp's phone-side API).
class Phone {
  constructor() {
    this.pushToken = 'peer-' + randomBytes(8).toString('hex');
  }
  // `phone: scan qr`: decode the QR code in a screenshot of the visible page,
  // as proofup's Chromium backend does, then activate.
  async scanQr(page) {
    const png = PNG.sync.read(await page.screenshot());
    const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width, png.height, { inversionAttempts: 'dontInvert' });
    if (!qr) throw new Error(`no QR code in the ${png.width}x${png.height} screenshot`);
    const uri = new URL(qr.data);
    if (uri.protocol !== 'phonefactor:') throw new Error('not a phonefactor URI: ' + qr.data);
    const activation = uri.searchParams.get('url');
    const res = await fetch(activation, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        code: uri.searchParams.get('code'),
        device_name: 'Pixel 8',
        push_token: this.pushToken,
      }),
    });
    if (res.status !== 200) throw new Error(`activation refused: ${res.status} ${await res.text()}`);
  }
  async approve(number) {
    const push = await until('the push notification', async () => {
      const r = await json('GET', '/phone/push?token=' + encodeURIComponent(this.pushToken));
      return r.notifications[0];
    });
    const r = await json('POST', `/phone/push/${push.id}/answer`, {
      token: this.pushToken,
      number,
      approve: true,
    });
    if (r.result !== 'approved') throw new Error('push answer: ' + r.result);
  }
  async readSms(e164) {
    return until('the SMS', async () => {
      const r = await json('GET', '/sms/outbox?number=' + encodeURIComponent(e164));
      const last = r.messages[r.messages.length - 1];
      const m = last && /\d{6}/.exec(last.text);
      return m && m[0];
    });
  }
}

// `expect screen`: the heading (level 1) and subheading (level 2) as proofup
// names them; getByRole finds <h1>/<h2> and role="heading" alike.
async function expectScreen(page, { heading, subheading, text }) {
  const waits = [];
  if (heading) waits.push(page.getByRole('heading', { level: 1, name: heading, exact: true }));
  if (subheading) waits.push(page.getByRole('heading', { level: 2, name: subheading, exact: true }));
  if (text) waits.push(page.getByText(text).first());
  for (const w of waits) await w.waitFor({ state: 'visible', timeout });
  if (opt.screens) await page.screenshot();
}

// `wait for: text`, with proofup's semantics: check now; if the text is not
// there, follow the page's <meta http-equiv=refresh> at once instead of
// waiting out its delay (proofup's Browser::Poll), backing off 1, 2, 4 ..
// 100 ms between checks.
async function waitForText(page, text) {
  const deadline = performance.now() + timeout;
  const wanted = page.getByText(text).first();
  for (let pause = 0; ; pause = Math.min(100, Math.max(1, pause * 2))) {
    if (await wanted.isVisible()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for "${text}"`);
    await new Promise((r) => setTimeout(r, pause));
    // The browser may be following the refresh itself right now: then the
    // page's context is gone and the next check sees the new page.
    const refresh = await page.evaluate(() => {
      const m = document.querySelector('meta[http-equiv="refresh" i]');
      if (!m) return null;
      const u = /url\s*=\s*['"]?([^'"]+)/i.exec(m.content);
      return u ? new URL(u[1], location.href).href : location.href;
    }).catch(() => null);
    if (refresh) await page.goto(refresh).catch(() => {});
  }
}

const click = (page, name) => page.getByRole('button', { name, exact: true }).click({ timeout });

// --steps: one `step_ms <manual step> <ms>` line per manual step, on stderr.
function stepClock() {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    if (opt.steps) {
      const line = `step_ms ${name} ${(now - last).toFixed(1)}`;
      if (opt['serve-fd'] !== undefined) console.log(line);
      else console.error(line);
    }
    last = now;
  };
}

async function enroll(browser) {
  const step = stepClock();
  const context = await browser.newContext({ locale: 'nl-NL' });
  step('context');
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    const phone = new Phone();
    // Manual step 6 (include/sign-in-nl.yaml)
    await page.goto(base + '/');
    await expectScreen(page, { heading: 'Aanmelden' });
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(opt.user);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(opt.password);
    await click(page, 'Aanmelden');
    step('6');
    // 7 to 9
    await expectScreen(page, { heading: 'Meer informatie vereist' });
    await click(page, 'Volgende');
    await expectScreen(page, { heading: 'Uw account veilig houden', subheading: 'Begin door de app op te halen' });
    await click(page, 'Volgende');
    await expectScreen(page, { heading: 'Uw account veilig houden', subheading: 'Uw account instellen' });
    await click(page, 'Volgende');
    step('7-9');
    // 10 and 11
    await expectScreen(page, { subheading: 'De QR-code scannen' });
    await page.getByRole('img', { name: 'QR-code' }).waitFor({ state: 'visible', timeout });
    step('10');
    await phone.scanQr(page);
    step('11-scan');
    await click(page, 'Volgende');
    step('10-11');
    // 12
    await expectScreen(page, { subheading: 'Laten we het uitproberen' });
    const number = /\d+/.exec(await page.locator('#number').innerText({ timeout }))[0];
    await phone.approve(number);
    await waitForText(page, 'Melding goedgekeurd');
    await click(page, 'Volgende');
    step('12');
    // 13 and 14
    await expectScreen(page, { subheading: 'Telefoon' });
    await page.getByLabel('Land of regio', { exact: true }).selectOption({ label: 'Nederland (+31)' });
    await page.getByLabel('Telefoonnummer', { exact: true }).fill(opt.mobile);
    await page.getByLabel('Sms ontvangen', { exact: true }).check();
    await click(page, 'Volgende');
    await expectScreen(page, { subheading: 'Telefoon', text: 'We hebben een code van 6 cijfers verzonden' });
    const code = await phone.readSms(opt.e164);
    await page.getByLabel('Code', { exact: true }).fill(code);
    await click(page, 'Volgende');
    step('13-14');
    // 15 and 16
    await expectScreen(page, { subheading: 'Sms geverifieerd' });
    await click(page, 'Volgende');
    await expectScreen(page, { heading: 'Gelukt!' });
    await click(page, 'Gereed');
    await expectScreen(page, { heading: 'Startpagina', text: 'Welkom, ' + opt['display-name'] });
    const title = await page.title();
    if (title !== 'Startpagina - Voorbeeld College') throw new Error('start page title: ' + title);
    step('15-16');
  } finally {
    await context.close();
    step('close');
  }
}

async function resetUser() {
  if (!opt['admin-token']) return;
  await json('POST', '/__control/reset', { user: opt.user },
    { Authorization: 'Bearer ' + opt['admin-token'] });
}

// One enrollment, timed: the user is reset first (not timed).
async function timedEnrollment(browser) {
  await resetUser();
  const t0 = performance.now();
  await enroll(browser);
  return performance.now() - t0;
}

function median(times) {
  const s = [...times].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// --serve-fd N: one enrollment per line read from descriptor N (the
// benchmark that interleaves this peer with proofup writes "run"); each
// answered with `enrollment_ms` or `error`. Ends at end of input.
async function serve(browser, fd) {
  const { Socket } = await import('node:net');
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: new Socket({ fd, readable: true, writable: false }) });
  for await (const line of lines) {
    if (line.trim() !== 'run') continue;
    try {
      console.log(`enrollment_ms ${(await timedEnrollment(browser)).toFixed(1)}`);
    } catch (e) {
      console.log(`error ${e.message.split('\n')[0]}`);
    }
  }
}

const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
const t0 = performance.now();
const browser = await chromium.launch({ executablePath: opt.chromium, headless: true, args });
console.log(`launch_ms ${(performance.now() - t0).toFixed(1)}`);
const times = [];
try {
  if (opt['serve-fd'] !== undefined) {
    await serve(browser, Number(opt['serve-fd']));
  } else {
    for (let i = 0; i < runs; ++i) {
      const ms = await timedEnrollment(browser);
      times.push(ms);
      console.log(`enrollment_ms ${ms.toFixed(1)}`);
    }
  }
} catch (e) {
  console.error(`error ${e.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
if (times.length) console.log(`median_enrollment_ms ${median(times).toFixed(1)}`);
