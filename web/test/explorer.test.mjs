// The explorer in a real headless Chromium (Debian's), driven by
// playwright-core, against a running cyberkg with the seed graph:
//   CYBERKG_URL=http://127.0.0.1:8080 npm test
// scripts/test runs it against the API on its throwaway Neo4j. Screenshots go
// to web/screenshots/ (or $CYBERKG_SCREENSHOTS).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, shots } from "../test-support.mjs";

const base = process.env.CYBERKG_URL;

let browser;
let page;
let foreign;

before(async () => {
  ({ browser, page, foreign } = await openPage(base, "/"));
  await page.waitForFunction(() => window.cyberkg && window.cyberkg.ready);
});

after(async () => { await browser?.close(); });

const has = (id) => page.waitForFunction((id) => window.cyberkg.cy.getElementById(id).nonempty(), id, { timeout: 15000 });
// tap taps a node as a click does. Nothing is returned from the page: the
// element emit gives back would be serialised whole, cytoscape core and all,
// which takes gigabytes once the graph holds the open data.
const tap = (id) => page.evaluate((id) => { window.cyberkg.cy.getElementById(id).emit("tap"); }, id);
const lacks = (id) => page.waitForFunction((id) => window.cyberkg.cy.getElementById(id).empty(), id, { timeout: 15000 });
// clickEdge clicks the first edge a selector finds, at its middle on screen,
// as a person does.
async function clickEdge(selector) {
  const at = await page.evaluate((selector) => {
    const cy = window.cyberkg.cy;
    const edge = cy.edges(selector)[0];
    cy.center(edge);
    const box = cy.container().getBoundingClientRect();
    const m = edge.renderedMidpoint();
    return { x: box.left + m.x, y: box.top + m.y };
  }, selector);
  await page.mouse.click(at.x, at.y);
}
// redrawn waits until the details' heading is a new one that says text.
async function redrawn(text, change) {
  await page.locator("#details h2").first().evaluate((h) => { h.dataset.before = "yes"; });
  await change();
  await page.locator("#details h2:not([data-before])", { hasText: text }).first().waitFor({ timeout: 15000 });
}
// requests counts the requests the page makes whose URL holds part.
function requests(part) {
  const seen = [];
  const listen = (r) => { if (r.url().includes(part)) seen.push(r.url()); };
  page.on("request", listen);
  return { seen, stop: () => page.off("request", listen) };
}

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
  const searches = requests("/v1/search?");
  await page.focus("#search");
  await page.fill("#search", "Khramov");
  await page.waitForSelector('#results li[data-id="oleg-khramov"]');
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await has("oleg-khramov");
  await has("security-council-of-russia");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.includes("Khramov"));
  // The hits the list offered are the Answer tab's too: one search, not two.
  await page.locator("#answer-title", { hasText: "Search: “Khramov”" }).waitFor({ state: "attached" });
  searches.stop();
  assert.equal(searches.seen.length, 1, searches.seen.join("\n"));
});

test("click a node to expand it and see its facts", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("BRICS");
  await tap("BRICS");
  await has("IDN");
  await has("EGY");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("BRICS"));
});

// typeDate types a date into the date field key by key, as a person does,
// and applies it with Enter.
async function typeDate(text) {
  await page.click("#as-of", { clickCount: 3 });
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}
const generation = () => page.evaluate(() => window.cyberkg.state.views.count);

test("change the date: BRICS has its five members of 2021, then its members of today", async () => {
  await typeDate("2021-06-28");
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
  await page.click("#today");
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

// --- dates, typed and slid ----------------------------------------------------

test("typing a date key by key draws nothing until Enter, then once", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("agr-rus-idn-iis");
  const before = await generation();
  await page.click("#as-of", { clickCount: 3 });
  await page.keyboard.press("Backspace");
  for (const key of "2015-01-01") {
    await page.keyboard.type(key);
    assert.equal(await generation(), before, `a redraw after typing "${key}"`);
  }
  await page.keyboard.press("Enter");
  assert.equal(await generation(), before + 1, "Enter applies the date once");
  await lacks("agr-rus-idn-iis"); // signed in 2021
  await has("BRICS");
  assert.equal(await page.evaluate(() => window.cyberkg.state.asOf), "2015-01-01");
  // Leaving the field applies it too, once.
  await page.click("#as-of", { clickCount: 3 });
  await page.keyboard.type("2021-06-28");
  assert.equal(await generation(), before + 1);
  await page.keyboard.press("Tab");
  assert.equal(await generation(), before + 2, "leaving the field applies the date");
  await page.waitForFunction(() => window.cyberkg.state.asOf === "2021-06-28");
});

test("a date that is not one is refused where it was typed, and the view stays", async () => {
  const before = await generation();
  for (const [typed, says] of [["62820-11-29", /not a date/], ["06282021", /not a date/], ["0628-11-29", /year from 1900/], ["2021-02-30", /not a day on the calendar/]]) {
    await typeDate(typed);
    const error = page.locator("#as-of-error");
    await error.waitFor({ state: "visible" });
    assert.match(await error.textContent(), says);
    assert.match(await error.textContent(), /still shows 2021-06-28/);
    assert.equal(await page.getAttribute("#as-of", "aria-invalid"), "true");
    assert.equal(await generation(), before, `${typed} redrew the view`);
    assert.equal(await page.evaluate(() => window.cyberkg.state.asOf), "2021-06-28");
  }
  await page.screenshot({ path: shots + "explorer-bad-date.png" });
  await typeDate("2021-06-28"); // the same date again: accepted, nothing to redraw
  await page.locator("#as-of-error").waitFor({ state: "hidden" });
  assert.equal(await generation(), before, "the same date redrew the view");
  assert.equal(await page.getAttribute("#as-of", "aria-invalid"), null);
});

test("the slider steps through the view's key dates and applies one when let go", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await page.waitForFunction(() => window.cyberkg.state.keyDates.length > 5);
  const stops = await page.evaluate(() => window.cyberkg.state.keyDates.map((k) => k.date));
  // Signings and accessions of Russia are among them.
  for (const d of ["2010-05-14", "2021-06-28"]) assert.ok(stops.includes(d), `${d} is not a key date: ${stops}`);
  // The keyboard: each arrow is a whole move.
  await page.focus("#time-slider");
  let before = await generation();
  await page.keyboard.press("Home");
  assert.equal(await generation(), before + 1);
  assert.equal(await page.evaluate(() => window.cyberkg.state.asOf), stops[0]);
  await page.waitForFunction((day) => window.cyberkg.state.model.asOf === day, stops[0]); // drawn
  // Dragging: the label follows, the view waits for the release.
  const box = await page.locator("#time-slider").boundingBox();
  const y = box.y + box.height / 2;
  before = await generation();
  await page.mouse.move(box.x + 4, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + 4 + (box.width * 0.6 * i) / 10, y);
    assert.equal(await generation(), before, "the view moved before the slider was let go");
  }
  const previewed = await page.textContent("#slider-date");
  await page.mouse.up();
  assert.equal(await generation(), before + 1);
  const applied = await page.evaluate(() => window.cyberkg.state.asOf);
  assert.ok(previewed.startsWith(applied), `previewed ${previewed}, applied ${applied}`);
  assert.equal(await page.inputValue("#as-of"), applied);
});

test("nodes keep their places when the date moves; new ones join, old ones fade out", async () => {
  await page.evaluate(() => window.cyberkg.setAsOf(""));
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("agr-rus-idn-iis");
  await page.waitForFunction(() => window.cyberkg.cy.nodes(".leaving").empty());
  const places = () => page.evaluate(() => Object.fromEntries(window.cyberkg.cy.nodes().not(".leaving").map((n) => [n.id(), n.position()])));
  const now = await places();
  await typeDate("2015-01-01");
  await lacks("agr-rus-idn-iis");
  const then = await places();
  const kept = Object.keys(then).filter((id) => now[id]);
  assert.ok(kept.length >= 5, `only ${kept.length} nodes in both views`);
  for (const id of kept) {
    assert.ok(Math.abs(now[id].x - then[id].x) < 0.01 && Math.abs(now[id].y - then[id].y) < 0.01, `${id} moved from ${JSON.stringify(now[id])} to ${JSON.stringify(then[id])}`);
  }
  await page.click("#today");
  await has("agr-rus-idn-iis");
  const back = await places();
  for (const id of kept) assert.ok(Math.abs(now[id].x - back[id].x) < 0.01, `${id} moved coming back`);
  // The agreement that came back was placed beside its neighbours, not far off.
  const agr = back["agr-rus-idn-iis"];
  const dist = Math.hypot(agr.x - back.RUS.x, agr.y - back.RUS.y);
  const span = Math.max(...Object.entries(back).filter(([id]) => id !== "agr-rus-idn-iis").map(([, p]) => Math.hypot(p.x - back.RUS.x, p.y - back.RUS.y)));
  assert.ok(dist <= span, `${dist} from Russia, the drawing spans ${span}`);
});

// --- answers as tables --------------------------------------------------------

const rowsText = () => page.$$eval("#answer-table tbody tr", (trs) => trs.map((tr) => tr.textContent));

test("a question answers as a table: sortable, hover finds the row in the graph, copy and CSV", async () => {
  await page.click('[data-preset="headline-2021"]');
  await page.waitForFunction(() => document.querySelectorAll("#answer-table tbody tr").length === 4);
  const rows = await rowsText();
  for (const name of ["Brazil", "China", "India", "South Africa"]) assert.ok(rows.some((r) => r.includes(name)), `${name} not in ${rows}`);
  assert.ok(!rows.some((r) => r.includes("BRA")), "names, not ids");
  // Sources are collapsed into a count, each link one click away.
  assert.match(await page.textContent("#answer-table tbody tr:first-child"), /\d+ sources?/);
  // Sorting by a column, both ways.
  await page.click('#answer-table th button:text-is("member")');
  assert.equal(await page.getAttribute("#answer-table th:first-child", "aria-sort"), "ascending");
  assert.match((await rowsText())[0], /^Brazil/);
  await page.click('#answer-table th button:text-is("member")');
  assert.equal(await page.getAttribute("#answer-table th:first-child", "aria-sort"), "descending");
  assert.match((await rowsText())[0], /^South Africa/);
  // Clicking a node adds its neighbourhood and leaves the table as sorted.
  await tap("BRA");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Brazil"));
  assert.equal(await page.getAttribute("#answer-table th:first-child", "aria-sort"), "descending");
  assert.match((await rowsText())[0], /^South Africa/);
  // The row under the cursor: its member and agreement stand out, the rest fade.
  // (A row's sources may name other states: the row is found by its first cell.)
  await page.locator("#answer-table tbody tr", { has: page.locator("td:first-child", { hasText: /^Brazil$/ }) }).hover();
  const marks = await page.evaluate(() => Object.fromEntries(["BRA", "agr-rus-bra-iis", "IND"].map((id) => [id, window.cyberkg.cy.getElementById(id).classes()])));
  assert.ok(marks.BRA.includes("hl") && marks["agr-rus-bra-iis"].includes("hl"), JSON.stringify(marks));
  assert.ok(marks.IND.includes("dim"), JSON.stringify(marks));
  // Faded on screen too, after a redraw kept India in place.
  assert.ok(await page.evaluate(() => Number(window.cyberkg.cy.getElementById("IND").style("opacity"))) < 0.5);
  await page.screenshot({ path: shots + "explorer-table.png" });
  await page.mouse.move(5, 5);
  await page.hover("#answer-title");
  assert.equal(await page.evaluate(() => window.cyberkg.cy.$(".dim").length), 0);
  // Copy: the rows as shown, tab-separated.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.click("#copy-answer");
  await page.locator("#copy-answer", { hasText: "Copied" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trim().split(/\r?\n/);
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^member\tmember_since\tagreement/);
  assert.match(lines[1], /^South Africa\t/);
  // CSV: the same rows, as a file.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#csv-answer")]);
  assert.match(download.suggestedFilename(), /^members_with_agreement_by_bloc-as-of-2021-06-28\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const csvLines = csv.trim().split(/\r\n/);
  assert.equal(csvLines.length, 5);
  assert.ok(csvLines.some((l) => l.startsWith("Brazil,") && l.includes("2010-05-14")), csvLines.join("\n"));
  assert.match(csvLines[1], /^South Africa,/, "the file is in the order shown");
});

test("ready to sign on 28 Jun 2021: the signing is marked as later, the status is the day's", async () => {
  await page.click('[data-preset="ready-2021"]');
  await page.waitForFunction(() => document.querySelectorAll("#answer-table tbody tr").length === 3);
  const later = await page.$$eval("#answer-table td.later", (tds) => tds.map((td) => td.textContent));
  assert.ok(later.some((t) => t.startsWith("2021-12-14")), `no later signing among ${later}`);
  await has("agr-rus-idn-iis");
  await tap("agr-rus-idn-iis");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Russia–Indonesia"));
  const details = await page.textContent("#details dl");
  assert.match(details, /status on 2021-06-28ready-to-sign \(since 2021-06-28\)/);
  const steps = await page.$$eval("#details ol.steps li", (lis) => lis.map((li) => [li.textContent, li.classList.contains("later")]));
  assert.deepEqual(steps, [["ready-to-sign, 2021-06-28", false], ["signed, 2021-12-14 later", true]]);
  assert.match(await page.textContent("#details"), /signed_on2021-12-14 later than 2021-06-28/);
  await page.screenshot({ path: shots + "explorer-ready.png" });
});

test("an edge reads by names, with the fact's dates, its sources and its history, and follows the date", async () => {
  await page.click('[data-preset="headline-2021"]');
  await has("agr-rus-bra-iis");
  await clickEdge('[type = "PARTY_TO"][source = "BRA"]');
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Brazil → Russia–Brazil"));
  const text = await page.textContent("#details");
  assert.match(text, /signed_on2010-05-14/);
  assert.match(text, /status on 2021-06-28signed/);
  assert.ok(await page.locator("#details .sources li").count() >= 1, "no sources");
  await page.click("#history-toggle");
  await page.locator("#history .history li").first().waitFor();
  // In Indonesia's neighbourhood, its agreement with Russia as of 28 Jun 2021.
  await page.evaluate(() => window.cyberkg.openEntity("IDN"));
  await has("agr-rus-idn-iis");
  await clickEdge('[type = "PARTY_TO"][source = "IDN"][target = "agr-rus-idn-iis"]');
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Indonesia → Russia–Indonesia"));
  assert.match(await page.textContent("#details dl"), /status on 2021-06-28ready-to-sign/);
  await page.click("#history-toggle");
  await page.locator("#history .history li").first().waitFor();
  // Another date: the edge's details are the new day's; the history, open
  // still, is not read again (the date changes no history).
  const changes = requests("/v1/changes?");
  await redrawn("Indonesia → Russia–Indonesia", () => typeDate("2022-01-01"));
  assert.match(await page.textContent("#details dl"), /status on 2022-01-01signed \(since 2021-12-14\)/);
  assert.equal(await page.getAttribute("#history-toggle", "aria-expanded"), "true");
  assert.ok(await page.locator("#history .history li").count() > 0);
  changes.stop();
  assert.deepEqual(changes.seen, []);
  await page.click("#today");
});

test("any question of the catalog, from a form built from its parameters", async () => {
  await page.click("#ask-toggle");
  await page.selectOption("#ask-query", "members_list_by_bloc");
  assert.equal(await page.inputValue("#ask-bloc"), "BRICS"); // the default, filled in
  await page.fill("#ask-bloc", "SCO");
  await page.click('#ask-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#answer-title").textContent.includes("bloc SCO"));
  const rows = await rowsText();
  assert.ok(rows.some((r) => r.includes("China")) && rows.some((r) => r.includes("Russia")), rows.join("\n"));
  await has("SCO");
  // A refused parameter is named, and the view stays as it was.
  const before = await generation();
  await page.selectOption("#ask-query", "profile_get_by_country");
  await page.fill("#ask-latest", "0");
  await page.click('#ask-form button[type="submit"]');
  await page.locator("#ask-error").waitFor({ state: "visible" });
  assert.match(await page.textContent("#ask-error"), /latest/);
  assert.equal(await page.getAttribute("#ask-latest", "aria-invalid"), "true");
  await page.selectOption("#ask-query", "timeline_list_by_entity");
  await page.fill("#ask-from", "20x1");
  await page.click('#ask-form button[type="submit"]');
  assert.match(await page.textContent("#ask-error"), /from: "20x1" is not a date/);
  assert.equal(await generation(), before);
  // A parameter that is one of a few values is a choice among them.
  await page.selectOption("#ask-query", "neighbours_list_by_entity");
  assert.deepEqual(await page.$$eval("#ask-direction option", (os) => os.map((o) => o.value)), ["", "in", "out"]);
  await page.click("#ask-toggle");
});

test("an entity's timeline beside the graph, later facts marked", async () => {
  await typeDate("2021-06-28");
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await page.waitForFunction(() => document.querySelector("#timeline-title").textContent === "Timeline of Russia");
  assert.equal(await page.getAttribute("#tab-timeline", "aria-selected"), "true");
  const rows = await page.$$eval("#timeline-table tbody tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[0].classList.contains("later")]));
  assert.ok(rows.length > 10, `${rows.length} rows`);
  for (const [date, later] of rows) assert.equal(later, date.slice(0, 10) > "2021-06-28", `${date} marked ${later}`);
  assert.ok(rows.some(([, later]) => later), "nothing after 2021-06-28");
  assert.match(await page.textContent("#timeline-note"), /after 2021-06-28 \(marked later\)/);
  await page.screenshot({ path: shots + "explorer-timeline.png" });
  await page.click("#today");
});

// --- large neighbourhoods -------------------------------------------------------

test("a large neighbourhood is drawn readably: groups, a budget, shapes, labels", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("BRICS");
  await page.waitForFunction(() => window.cyberkg.cy.nodes('[kind = "Group"]').nonempty());
  const info = await page.evaluate(() => {
    const cy = window.cyberkg.cy;
    const groups = cy.nodes('[kind = "Group"]').map((n) => ({ id: n.id(), name: n.data("name"), count: n.data("count"), members: n.data("members") }));
    return { groups, drawn: cy.nodes().length, budget: window.cyberkg.state.budget, fetched: window.cyberkg.state.model.nodes.length };
  });
  const bySpeaker = info.groups.find((g) => /statements by /.test(g.name));
  assert.ok(bySpeaker, JSON.stringify(info.groups));
  assert.ok(bySpeaker.count >= 5 && bySpeaker.members.length === bySpeaker.count);
  assert.ok(info.drawn <= info.budget, `${info.drawn} nodes drawn, budget ${info.budget}`);
  assert.ok(info.fetched > info.drawn, "groups stood for none of what was fetched");
  // Each kind its shape.
  const shapes = await page.evaluate(() => Object.fromEntries(["RUS", "BRICS", "agr-rus-bra-iis"].map((id) => [id, window.cyberkg.cy.getElementById(id).style("shape")])));
  assert.deepEqual(shapes, { RUS: "ellipse", BRICS: "hexagon", "agr-rus-bra-iis": "rectangle" });
  // Edge labels only under the cursor.
  const label = await page.evaluate(() => {
    const e = window.cyberkg.cy.edges('[type = "MEMBER_OF"]')[0];
    const before = e.style("label");
    e.emit("mouseover");
    const during = e.style("label");
    e.emit("mouseout");
    return { before, during };
  });
  assert.deepEqual(label, { before: "", during: "MEMBER_OF" });
  // Zoomed far out, the labels of states, blocs and groups stay 12 px on screen.
  const sizes = await page.evaluate(() => {
    const cy = window.cyberkg.cy;
    cy.zoom(0.3);
    const out = cy.nodes(".major").map((n) => parseFloat(n.style("font-size")) * cy.zoom());
    cy.fit(undefined, 24);
    return out;
  });
  assert.ok(sizes.length > 3 && sizes.every((s) => s >= 11.9), JSON.stringify(sizes));
  await page.screenshot({ path: shots + "explorer-russia.png" });
  // A group opens into its members.
  await tap(bySpeaker.id);
  await has(bySpeaker.members[0]);
  await lacks(bySpeaker.id);
});

test("show more raises the node budget", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("BRICS");
  // The default budget holds Russia's grouped neighbourhood: cut it to see the notice.
  await page.evaluate(() => { window.cyberkg.state.budget = 10; return window.cyberkg.redraw(); });
  await page.locator("#budget").waitFor({ state: "visible" });
  assert.match(await page.textContent("#budget-text"), /Drawing 10 nodes, the budget; \d+ more fetched/);
  await page.waitForFunction(() => window.cyberkg.cy.nodes().not(".leaving").length === 10);
  await page.click("#show-more");
  await page.waitForFunction(() => window.cyberkg.cy.nodes().not(".leaving").length > 10);
});

test("on a phone the questions take one row and the answer is in view", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('[data-preset="ready-2021"]');
  await page.waitForFunction(() => document.querySelectorAll("#answer-table tbody tr").length === 3);
  const box = await page.evaluate(() => ({
    presets: document.querySelector("#presets").getBoundingClientRect().height,
    answer: document.querySelector("#answer").getBoundingClientRect().top,
    width: document.documentElement.scrollWidth,
  }));
  assert.ok(box.presets <= 60, `the questions take ${box.presets}px`);
  assert.ok(box.answer < 844, `the answer starts at ${box.answer}px, below the fold`);
  assert.ok(box.width <= 391, `the page is ${box.width}px wide`);
  await page.screenshot({ path: shots + "explorer-phone-answer.png" });
  await page.setViewportSize({ width: 1280, height: 800 });
});

// --- answers that arrive late, and what the details follow -------------------

test("the later of two clicks has the details, however slowly the first one's walk comes", async () => {
  await page.click("#today");
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await has("BRICS");
  await has("SCO");
  // BRICS's walk is held until SCO, clicked after it, has shown its details.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const walk = "**/v1/entities/BRICS/neighbourhood?**";
  await page.route(walk, async (route) => { await held; await route.continue(); });
  const details = requests("/v1/entities/BRICS?");
  await tap("BRICS");
  await tap("SCO");
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Shanghai"));
  release();
  await has("EGY"); // BRICS's walk is drawn: it joins the view
  await page.unroute(walk);
  details.stop();
  assert.deepEqual(details.seen, [], "the first click's details were read after the second's");
  assert.match(await page.textContent("#details h2"), /^Shanghai/);
  assert.equal(await page.evaluate(() => window.cyberkg.state.selected), "SCO");
});

test("a row picked in the table is the one whose details follow the date", async () => {
  await page.click('[data-preset="ready-2021"]');
  await page.waitForFunction(() => document.querySelectorAll("#answer-table tbody tr").length === 3);
  await has("agr-rus-idn-iis");
  await page.locator("#answer-table tbody tr", { hasText: "Russia–Indonesia" }).click();
  await page.waitForFunction(() => document.querySelector("#details h2").textContent.startsWith("Russia–Indonesia"));
  assert.equal(await page.evaluate(() => window.cyberkg.cy.$(":selected").map((n) => n.id()).join()), "agr-rus-idn-iis");
  assert.match(await page.textContent("#details dl"), /status on 2021-06-28ready-to-sign/);
  await redrawn("Russia–Indonesia", () => typeDate("2022-01-01"));
  assert.match(await page.textContent("#details dl"), /status on 2022-01-01signed \(since 2021-12-14\)/);
  await page.click("#today");
});

test("the timeline tab shows no other entity's timeline when the one in view cannot be read", async () => {
  await page.evaluate(() => window.cyberkg.openEntity("RUS"));
  await page.waitForFunction(() => document.querySelector("#timeline-title").textContent === "Timeline of Russia");
  const timelines = "**/v1/queries/timeline_list_by_entity?**";
  await page.route(timelines, (route) => route.fulfill({ status: 503, contentType: "application/problem+json", body: '{"title":"Service Unavailable","status":503}' }));
  await page.evaluate(() => window.cyberkg.openEntity("IDN"));
  await page.locator("#timeline-note", { hasText: "could not be read" }).waitFor();
  await page.unroute(timelines);
  assert.equal(await page.textContent("#timeline-title"), "Timeline");
  assert.equal(await page.locator("#timeline-table tr").count(), 0);
  assert.ok(await page.isDisabled("#copy-timeline"));
  assert.equal(await page.getAttribute("#csv-timeline", "aria-disabled"), "true");
});

test("no request leaves cyberkg", () => {
  assert.deepEqual(foreign, []);
});
