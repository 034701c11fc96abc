// The explorer in a real headless Chromium (Debian's), driven by
// playwright-core, against a running cyberkg with the seed graph:
//   CYBERKG_URL=http://127.0.0.1:8080 npm test
// scripts/test runs it against the API on its throwaway Neo4j. Screenshots go
// to web/screenshots/ (or $CYBERKG_SCREENSHOTS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shots } from "../test-support.mjs";

const base = process.env.CYBERKG_URL;

let browser;
let page;
const foreign = [];

before(async () => {
  assert.ok(base, "set CYBERKG_URL to a running cyberkg (scripts/test does)");
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Every request the page makes must go to cyberkg itself: no CDN, no web fonts.
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  page.on("pageerror", (e) => foreign.push(`page error: ${e.message}`));
  await page.goto(base + "/");
  await page.waitForFunction(() => window.cyberkg && window.cyberkg.ready);
});

after(async () => { await browser?.close(); });

const has = (id) => page.waitForFunction((id) => window.cyberkg.cy.getElementById(id).nonempty(), id, { timeout: 15000 });
// tap taps a node as a click does. Nothing is returned from the page: the
// element emit gives back would be serialised whole, cytoscape core and all,
// which takes gigabytes once the graph holds the open data.
const tap = (id) => page.evaluate((id) => { window.cyberkg.cy.getElementById(id).emit("tap"); }, id);
const lacks = (id) => page.waitForFunction((id) => window.cyberkg.cy.getElementById(id).empty(), id, { timeout: 15000 });

test("search in Indonesian and open the hit with the keyboard", async () => {
  await page.fill("#search", "Rusia");
  await page.waitForSelector('#results li[data-id="RUS"]');
  await page.keyboard.press("Enter");
  await has("RUS");
  await has("BRICS");
  await has("agr-rus-idn-iis");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Russia"));
  await page.screenshot({ path: shots + "explorer-search.png" });
});

test("keyboard alone: arrows pick among the hits", async () => {
  await page.focus("#search");
  await page.fill("#search", "Khramov");
  await page.waitForSelector('#results li[data-id="oleg-khramov"]');
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await has("oleg-khramov");
  await has("security-council-of-russia");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.includes("Khramov"));
});

test("click a node to expand it and see its facts", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("BRICS");
  await tap("BRICS");
  await has("IDN");
  await has("EGY");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("BRICS"));
});

test("change the date: BRICS has its five members of 2021, then its members of today", async () => {
  await page.fill("#as-of", "2021-06-28");
  await page.dispatchEvent("#as-of", "change");
  await lacks("IDN");
  await lacks("EGY");
  await lacks("IRN");
  for (const id of ["BRA", "CHN", "IND", "ZAF"]) await has(id);
  const members = await page.evaluate(() => window.cyberkg.cy.edges('[type = "MEMBER_OF"][target = "BRICS"]').map((e) => e.source().id()).sort());
  assert.deepEqual(members, ["BRA", "CHN", "IND", "RUS", "ZAF"]);
  await page.screenshot({ path: shots + "explorer-2021.png" });
  await page.click("#today");
  await has("IDN");
  await has("EGY");
});

test("click an edge to see its dates, and open a source", async () => {
  await page.evaluate(() => { window.cyberkg.cy.edges('[type = "MEMBER_OF"][source = "IDN"]')[0].emit("tap"); });
  await page.waitForFunction(() => document.querySelector("#details").textContent.includes("2025-01-06"));
  const link = page.locator('#details .sources a[href^="https://"]').first();
  await link.waitFor();
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.match(await link.getAttribute("rel"), /noopener/);
  const href = await link.getAttribute("href");
  // The link is the source's own URL, as the API gives it.
  const sourceURLs = await page.evaluate(async () => {
    const edge = window.cyberkg.cy.edges('[type = "MEMBER_OF"][source = "IDN"]')[0];
    const ids = edge.data("props").sources;
    return Promise.all(ids.map((id) => fetch(`/v1/entities/${id}`).then((r) => r.json()).then((e) => e.properties.url)));
  });
  assert.ok(sourceURLs.includes(href), `${href} is not one of ${sourceURLs}`);
  // Opening it: a new tab goes to that URL. The test answers for the outside
  // site with a stand-in, so nothing leaves this machine.
  await page.context().route(href, (route) => route.fulfill({ contentType: "text/html", body: "<title>the source</title>" }));
  const [popup] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await popup.waitForLoadState();
  assert.equal(popup.url(), href);
  assert.equal(await popup.title(), "the source");
  await popup.close();
  await page.screenshot({ path: shots + "explorer-source.png" });
});

test("filter by kind", async () => {
  await page.click("#kind-Statement");
  const hidden = await page.evaluate(() => window.cyberkg.cy.nodes('[kind = "Statement"]').every((n) => n.style("display") === "none"));
  assert.ok(hidden);
  const listed = await page.locator("#node-list .kind", { hasText: "Statement" }).count();
  assert.equal(listed, 0);
  await page.click("#kind-Statement");
});

test("a headline question in one click", async () => {
  await page.click('[data-preset="headline-2021"]');
  await has("agr-rus-bra-iis");
  await has("agr-rus-zaf-iis");
  await lacks("IDN");
  assert.equal(await page.inputValue("#as-of"), "2021-06-28");
  await page.screenshot({ path: shots + "explorer-headline.png" });
});

test("a threat actor, found by its ATT&CK id: the claims about it, and who makes them", async () => {
  await page.fill("#as-of", "");
  await page.dispatchEvent("#as-of", "change");
  await page.fill("#search", "G0007");
  await page.waitForSelector('#results li[data-id="apt28"]');
  await page.keyboard.press("Enter");
  await has("apt28");
  // The MISP galaxy's and the CFR tracker's claims, never a plain edge to a state.
  await has("claim-misp-apt28-origin");
  await has("claim-cfr-apt28-sponsor");
  await has("claim-cfr-apt28-victims");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("APT28"));
  const details = await page.textContent("#details");
  assert.match(details, /ThreatActor/);
  assert.match(details, /mitre-attack:G0007/);
  const direct = await page.evaluate(() => window.cyberkg.cy.edges('[source = "apt28"][target = "RUS"], [source = "RUS"][target = "apt28"]').length);
  assert.equal(direct, 0, "no edge between the actor and the state: only claims");
  await tap("claim-cfr-apt28-sponsor");
  await has("RUS");
  await has("cfr-cyber-operations-tracker");
  // The other claims' claimants and subjects too, then APT28's own facts beside them.
  await tap("claim-misp-apt28-origin");
  await has("misp-galaxy");
  await page.evaluate(() => window.cyberkg.select("apt28"));
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("APT28"));
  await page.screenshot({ path: shots + "explorer-apt28.png" });
});

test("usable on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const stacked = await page.evaluate(() =>
    document.querySelector("#side").getBoundingClientRect().top >= document.querySelector("#graph-pane").getBoundingClientRect().bottom - 1);
  assert.ok(stacked, "the side panel stacks under the graph");
  await page.screenshot({ path: shots + "explorer-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("an entity counts its relationships and links to all of a large group, page by page", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Russia"));
  const item = page.locator(".link-groups li", { hasText: "→ PARTY_TO" });
  await item.waitFor();
  const [, count] = (await item.textContent()).match(/PARTY_TO: ([\d,]+)/);
  const link = item.locator("a");
  assert.match(await link.textContent(), /^10 shown/);
  const href = await link.getAttribute("href");
  assert.match(href, /neighbours_list_by_entity\?.*relationship=PARTY_TO/);
  // What the link opens: every agreement, a page at a time.
  const answer = await page.evaluate(async (href) => (await fetch(href + "&as_of=2100-01-01")).json(), href);
  assert.equal(answer.page.total, Number(count.replace(/,/g, "")));
});

test("no request leaves cyberkg", () => {
  assert.deepEqual(foreign, []);
});
