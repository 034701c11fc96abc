// What the Chromium tests (test/, test-reader/) share: their settings from
// the environment, Chromium launched as none of them may leave this
// machine, and a JSON call to the API. Outside test/, so node --test does
// not run it as a test of its own.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const timeout = 15000;
export const shots = process.env.CYBERKG_SCREENSHOTS || new URL("./screenshots/", import.meta.url).pathname;

// env is a variable scripts/test sets, or a failed assertion naming it.
export const env = (name) => {
  const value = process.env[name];
  assert.ok(value, `set ${name} (scripts/test does)`);
  return value;
};

// ARGS keep Chromium from calling home: no QUIC, sync, updates or background traffic.
export const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

// launch starts Debian's Chromium (or $CHROMIUM) headless, with ARGS and any more.
export function launch(more = []) {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: [...ARGS, ...more] });
}

// caller returns call(path, {method, token, body}): a JSON request to the
// API at base, asserted to succeed, with its answer.
export const caller = (base) => async (path, { method = "GET", token, body } = {}) => {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers["Content-Type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const answer = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
};

// openPage opens path on base in a new Chromium at the given size (with
// more of newPage's options: a phone's isMobile and hasTouch), and records
// in foreign every request that leaves base (data: and blob: URLs, made in
// the page, are not requests out) and every error the page throws: a test
// ends by asserting it is empty.
export async function openPage(base, path, viewport = { width: 1280, height: 800 }, options = {}) {
  assert.ok(base, "set CYBERKG_URL to a running cyberkg (scripts/test does)");
  const browser = await launch();
  const page = await browser.newPage({ ...options, viewport });
  const foreign = [];
  page.on("request", (r) => { if (![base, "data:", "blob:"].some((p) => r.url().startsWith(p))) foreign.push(r.url()); });
  page.on("pageerror", (e) => foreign.push(`page error: ${e.message}`));
  await page.goto(base + path);
  return { browser, page, foreign };
}
