// The API reference (/docs) in a real headless Chromium, against a running
// cyberkg with the seed graph:
//   CYBERKG_URL=http://127.0.0.1:8080 node --test test/docs.test.mjs
// Screenshots go to web/screenshots/ (or $CYBERKG_SCREENSHOTS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPage, shots, timeout } from "../test-support.mjs";

const base = process.env.CYBERKG_URL;

let browser;
let page;
let foreign;

before(async () => {
  ({ browser, page, foreign } = await openPage(base, "/docs", { width: 1280, height: 900 }));
});

after(async () => { await browser?.close(); });

const headline = "#get-v1-queries-members_with_agreement_by_bloc";

test("a contents list whose links all land on the page", async () => {
  const targets = await page.$$eval("nav#contents a[href^='#']", (as) => as.map((a) => a.getAttribute("href").slice(1)));
  assert.ok(targets.length > 50, `contents has ${targets.length} links`);
  const missing = await page.evaluate((ids) => ids.filter((id) => !document.getElementById(id)), targets);
  assert.deepEqual(missing, []);
  const first = await page.$eval("nav#contents ol ol li", (li) => li.textContent);
  assert.match(first, /members_with_agreement_by_bloc/);
  assert.match(first, /Members of a bloc, as of a date/, "each route's line carries its summary");
  assert.ok(await page.$("a[href='/openapi.json']"), "the link to openapi.json stays");
  assert.ok(await page.$("a[href='/v1/queries']"), "the link to the catalog stays");
  await page.screenshot({ path: shots + "docs.png" });
});

test("the headline question comes first, infrastructure last", async () => {
  const order = await page.$$eval("article.route", (as) => as.map((a) => a.id));
  assert.equal(order[0], headline.slice(1));
  for (const infra of ["get-healthz", "get-metrics"]) {
    assert.ok(order.indexOf(infra) > 0, `${infra} is on the page`);
    assert.ok(order.indexOf(infra) > order.indexOf("post-v1-cypher"), `${infra} comes after the reads`);
  }
  const groups = await page.$$eval("section.group > h2", (hs) => hs.map((h) => h.textContent));
  assert.equal(groups[0], "Catalog queries");
  assert.equal(groups.at(-1), "Infrastructure");
});

test("parameters in a table whose types are words", async () => {
  const table = page.locator(`${headline} table.params`);
  const heads = await table.locator("th").allTextContents();
  assert.deepEqual(heads, ["name", "in", "type", "default", "description"]);
  const types = await table.locator("tbody td:nth-child(3)").allTextContents();
  assert.ok(types.includes("id of a Bloc"), types.join(" | "));
  assert.ok(types.some((t) => t.startsWith("date: YYYY-MM-DD")), types.join(" | "));
  assert.ok(types.includes("integer 1–1000"), types.join(" | "));
  const text = await page.textContent("main");
  assert.ok(!text.includes('{"type"'), "no raw JSON Schema on the page");
});

test("POST /v1/cypher shows its request body, and runs its example", async () => {
  const cypher = page.locator("#post-v1-cypher");
  const fields = await cypher.locator("table.fields tbody td:first-child").allTextContents();
  assert.equal(fields[0], "statement");
  assert.ok(fields.includes("parameters"), fields.join(" | "));
  assert.match(await cypher.locator("table.fields tbody tr").first().textContent(), /required/);
  const box = cypher.locator(".run-box").first();
  await box.locator("button.run").click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === "done", "#post-v1-cypher .run-box", { timeout });
  // BRICS of 2021 had five members; the page shows three and says so.
  assert.match(await box.locator(".answer-status").textContent(), /^200 .*rows: first 3 of 5/);
  const answer = await box.locator("pre.answer").textContent();
  for (const id of ["BRA", "CHN", "IND"]) assert.ok(answer.includes(id), answer);
});

test("the headline's example answer comes live from the graph of 2021-06-28", async () => {
  const example = page.locator(`${headline} details.live`);
  assert.equal(await example.getAttribute("data-url"), "/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=2021-06-28");
  assert.match(await page.locator(`${headline} pre.curl`).textContent(), new RegExp(`^curl '${base}/v1/queries/members_with_agreement_by_bloc\\?`));
  // Open at load; a reader who closes and reopens it sees the same answer.
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === "done", `${headline} details.live`, { timeout });
  const answer = await example.locator("pre.answer").textContent();
  assert.match(answer, /"member": "BRA"/);
  assert.ok(answer.split("\n").length <= 41, "the answer is cut to 40 lines");
  assert.match(await example.locator(".answer-status").textContent(), /^200/);
  // toggle clicks the summary and gives open and data-state as the toggle
  // event reaches a listener added after the page's own: had the page asked
  // the server again, its listener would have set data-state to "asking".
  const toggle = async () => {
    await example.evaluate((d) => {
      window.toggled = new Promise((resolve) => d.addEventListener("toggle", () => resolve({ open: d.open, state: d.dataset.state }), { once: true }));
    });
    await example.locator("summary").click();
    return page.evaluate(() => window.toggled);
  };
  assert.deepEqual(await toggle(), { open: false, state: "done" }, "the first click closes it");
  assert.ok(!(await example.locator("pre.answer").isVisible()), "closed, the answer is hidden");
  assert.deepEqual(await toggle(), { open: true, state: "done" }, "reopened, it does not ask the server again");
  assert.equal(await example.locator("pre.answer").textContent(), answer);
  assert.ok(await example.locator("pre.answer").isVisible(), "reopened, the same answer shows");
  await page.locator(headline).screenshot({ path: shots + "docs-headline.png" });
});

test("opening another route's example asks the server then", async () => {
  const example = page.locator("#get-v1-search details.live");
  assert.equal(await example.getAttribute("data-state"), null, "not asked before it is opened");
  await example.locator("summary").click();
  await page.waitForFunction(() => document.querySelector("#get-v1-search details.live").dataset.state === "done", null, { timeout });
  assert.match(await example.locator("pre.answer").textContent(), /"hits"/);
});

test("on a phone the page does not scroll sideways", async () => {
  const { browser: phoneBrowser, page: phone, foreign: phoneForeign } =
    await openPage(base, "/docs", { width: 390, height: 844 }, { isMobile: true, hasTouch: true });
  try {
    const done = (sel) => phone.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === "done", sel, { timeout });
    await done(`${headline} details.live`);
    // Open every read's example and the Cypher answer too: long answers must
    // wrap as well. One at a time, each waited for, so a slow machine does
    // not meet twenty requests at once.
    const ids = await phone.$$eval("article.route:has(details.live)", (as) => as.map((a) => a.id));
    assert.ok(ids.length >= 20, `${ids.length} live examples`);
    for (const id of ids) {
      await phone.evaluate((id) => { document.querySelector(`#${id} details.live`).open = true; }, id);
      await done(`#${id} details.live`);
    }
    await phone.click("#post-v1-cypher button.run");
    await done("#post-v1-cypher .run-box");
    const failed = await phone.$$eval(".answer-status.error", (ps) => ps.map((p) => `${p.closest("article").id}: ${p.textContent}`));
    assert.deepEqual(failed, [], "every example answers");
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 391, `the page is ${width} px wide at 390`);
    await phone.evaluate((sel) => document.querySelector(sel).scrollIntoView(), headline);
    await phone.screenshot({ path: shots + "docs-phone.png" });
    assert.deepEqual(phoneForeign, []);
  } finally {
    await phoneBrowser.close();
  }
});

test("no request left cyberkg", () => {
  assert.deepEqual(foreign, []);
});
