// The real Neo4j Browser, the one the test Neo4j serves, in headless Chromium:
// connect, let browser.post_connect_cmd load cyberkg's style and guide from
// the API, and run the guide's headline question. scripts/test runs it with
//   CYBERKG_URL              the API the post-connect commands point at
//   NEO4J_LOCAL_HTTP_PORT    the test Neo4j's HTTP port (Browser)
//   NEO4J_LOCAL_BOLT_PORT    its Bolt port
//   NEO4J_PASSWORD           the password of user neo4j
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { env, launch, shots } from "../test-support.mjs";

const timeout = 30000;
// The guide's slides (schema, headline, time travel, provenance, history, claims, explore).
const slides = (readFileSync(new URL("../../browser/guide.html", import.meta.url), "utf8").match(/<slide\b/g) || []).length;

let browser;
let page;
let apiPort;
let guideShown = false;

// The frame Browser opened for a command, found by the command's text.
const frame = (command) =>
  page.locator('[data-testid="frame"]', { has: page.locator('[data-testid="frameCommand"]', { hasText: command }) });

before(async () => {
  const api = new URL(env("CYBERKG_URL"));
  apiPort = api.port;
  const httpPort = env("NEO4J_LOCAL_HTTP_PORT");
  const boltPort = env("NEO4J_LOCAL_BOLT_PORT");
  const password = env("NEO4J_PASSWORD");
  // Browser asks for web fonts, telemetry and its own guide site: none of
  // it may leave this machine. Not page.route: with routing on, Playwright
  // answers CORS preflights itself and would hide what this test is for.
  browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // dbms= fills the connect URL, so Browser never tries the default port 7687,
  // where a user's own Neo4j may be running.
  await page.goto(`http://127.0.0.1:${httpPort}/browser/?dbms=bolt://127.0.0.1:${boltPort}`);
  await page.locator('[data-testid="boltaddress"]').waitFor({ timeout });
  // bolt://, not neo4j://: the test Neo4j's routing table advertises Bolt on
  // 7687 whatever its real port.
  await page.selectOption('[data-testid="bolt-scheme-select"]', "bolt://");
  await page.fill('[data-testid="boltaddress"]', `127.0.0.1:${boltPort}`);
  await page.fill('[data-testid="username"]', "neo4j");
  await page.fill('[data-testid="password"]', password);
  await page.click('[data-testid="connect"]');
});

after(async () => { await browser?.close(); });

test("after connecting, Browser opens cyberkg's guide on its first slide", async () => {
  const play = frame(":play http");
  await play.waitFor({ timeout });
  const command = await play.locator('[data-testid="frameCommand"]').textContent();
  assert.match(command, new RegExp(`:play http://localhost:${apiPort}/browser/guide\\.html`),
    "browser.post_connect_cmd of the test Neo4j must point at the API under test (CYBERKG_URL)");
  const heading = play.locator("h3", { hasText: "cyberkg" });
  const notFound = play.getByText("No guide by that name");
  await heading.or(notFound).first().waitFor({ timeout });
  await page.screenshot({ path: shots + "neo4j-browser-guide.png" });
  assert.ok(!(await notFound.isVisible()), `Browser could not load ${command.trim()}: "Not found - No guide by that name"`);
  assert.ok(await play.getByText("A knowledge graph of cyber-cooperation between states.").isVisible());
  assert.equal(slides, 7);
  assert.equal(await play.getByText(/^1 \/ \d+$/).textContent(), `1 / ${slides}`, "Browser shows every slide of the guide");
  guideShown = true;
});

test("Browser loads cyberkg's style without an error", async () => {
  const style = frame(":style http");
  await style.waitFor({ timeout });
  const loaded = style.getByText("node.Country");
  const failed = style.getByText(/Error/);
  await loaded.or(failed).first().waitFor({ timeout });
  assert.ok(!(await failed.isVisible()), `Browser could not load the style: ${(await style.textContent()).replace(/\s+/g, " ")}`);
});

test("the guide's headline question draws a graph in cyberkg's style", async () => {
  assert.ok(guideShown, "the headline question is run from the guide, which Browser did not show (see above)");
  const play = frame(":play http");
  await play.locator('[data-testid="nextSlide"]').click();
  await play.locator("h3", { hasText: "The headline question" }).waitFor({ timeout });
  // Clicking a runnable block puts it in the editor; Run runs it.
  await play.locator("pre.runnable", { hasText: "MEMBER_OF" }).first().click();
  await page.click('[data-testid="editor-Run"]');
  const result = frame("date('2021-06-28')");
  const svg = result.locator("svg.neod3viz");
  await svg.locator("g.node").first().waitFor({ timeout });
  // Relationships among the returned nodes come in a second step (Browser's
  // "connect result nodes"); the assertions below say what is missing.
  await page.waitForFunction(() => [...document.querySelectorAll("svg.neod3viz g.relationship text")]
    .filter((t) => t.textContent.startsWith("MEMBER")).length >= 5, null, { timeout: 10000 }).catch(() => {});
  await page.screenshot({ path: shots + "neo4j-browser-headline.png" });
  const nodes = await svg.locator("g.node").evaluateAll((gs) => gs.map((g) => ({
    caption: g.querySelector("text.caption")?.textContent.trim(),
    fill: g.querySelector("circle.b-outline")?.getAttribute("fill"),
    r: g.querySelector("circle.b-outline")?.getAttribute("r"),
  })));
  const byCaption = Object.fromEntries(nodes.map((n) => [n.caption, n]));
  // cyberkg.grass: countries captioned by ISO code, blue, 65px; blocs by acronym, pink, 80px.
  for (const iso of ["RUS", "BRA", "CHN", "IND", "ZAF"]) {
    assert.deepEqual(byCaption[iso], { caption: iso, fill: "#4C8EDA", r: "32.5" }, `country ${iso} in ${JSON.stringify(nodes)}`);
  }
  assert.deepEqual(byCaption.BRICS, { caption: "BRICS", fill: "#DA7194", r: "40" }, `the bloc in ${JSON.stringify(nodes)}`);
  // Agreements by status (pale blue); India's was in force on 28 June 2021.
  const agreements = nodes.filter((n) => n.fill === "#57C7E3").map((n) => n.caption).sort();
  assert.deepEqual(agreements, ["in-force", "signed", "signed", "signed"]);
  // The bloc is returned, so its MEMBER_OF edges are drawn, in the bloc's pink.
  const memberOf = await svg.locator("g.relationship").evaluateAll((gs) =>
    gs.filter((g) => g.querySelector("text")?.textContent.startsWith("MEMBER")).map((g) => g.querySelector("path.b-outline").getAttribute("fill")));
  assert.deepEqual(memberOf, Array(5).fill("#DA7194"), "RUS, BRA, CHN, IND and ZAF are each drawn MEMBER_OF BRICS");
});
