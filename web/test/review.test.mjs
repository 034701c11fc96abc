// The review screen and an entity's history, in headless Chromium (Debian's)
// driven by playwright-core, against a running cyberkg with the seed graph and
// two API keys. scripts/test mints the keys, starts the API with them and runs
//   CYBERKG_URL=http://127.0.0.1:8080 CYBERKG_EDITOR_TOKEN=ckg_… CYBERKG_REVIEWER_TOKEN=ckg_… npm test
// The editor proposes through the API; the reviewer decides in the page.
// Every run proposes a membership of its own (a date no earlier run used), so
// the test can run again against the same database.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { caller, env, launch, shots, timeout } from "../test-support.mjs";

let base;
let editor;
let reviewer;
let browser;
let page;
let since;      // the date of this run's membership of Indonesia in the SCO
let key;        // its fact key
let accepted;   // the proposal accepted in the page
let change;     // the change that wrote it
const troubles = []; // page errors, requests elsewhere, the token where it must not be

const call = (path, options) => caller(base)(path, options);

// propose sends this run's membership with the given role, as the editor.
const propose = (role, note) => call("/v1/proposals", {
  method: "POST", token: editor, body: {
    document: { memberships: [{ country: "IDN", bloc: "SCO", since, role, sources: ["src-nextcloud-khramov-2021"] }] },
    evidence: [{ fact: key, source: "src-nextcloud-khramov-2021", quote: `Indonesia takes a seat at the SCO as ${role} (${since})` }],
    confidence: 70, note,
  },
});

before(async () => {
  base = env("CYBERKG_URL");
  editor = env("CYBERKG_EDITOR_TOKEN");
  reviewer = env("CYBERKG_REVIEWER_TOKEN");
  // A date for the membership that no earlier run wrote: from 2026-03-01 back.
  const { changes } = await call("/v1/changes?entity=IDN&limit=1000");
  const used = new Set(changes.flatMap((c) => c.facts.map((f) => f.key)));
  const day = new Date("2026-03-01T00:00:00Z");
  for (;;) {
    since = day.toISOString().slice(0, 10);
    key = `membership:IDN:SCO:${since}`;
    if (!used.has(key)) break;
    day.setUTCDate(day.getUTCDate() - 1);
  }
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => troubles.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.text().includes(reviewer)) troubles.push("the key was written to the console"); });
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) troubles.push(`request elsewhere: ${r.url()}`);
    if (r.url().includes(reviewer)) troubles.push(`the key in a URL: ${r.method()} ${r.url().replace(reviewer, "…")}`);
  });
});

after(async () => { await browser?.close(); });

const item = (id) => page.locator(`#proposal-list li[data-id="${id}"]`);
// The review drawing's elements, and whether each is highlighted as the candidate.
const reviewGraph = () => page.evaluate(() => {
  const rc = window.cyberkg.review.cy;
  return rc.elements().map((e) => ({ id: e.id(), type: e.data("type"), source: e.data("source"), target: e.data("target"), candidate: e.hasClass("candidate") }));
});

test("review screen: paste a key, see the proposal's evidence and preview, edit it and accept", async () => {
  const proposal = await propose("observer", "Seen in one Indonesian outlet; check the role");
  await page.goto(base + "/#review");
  await page.locator("#review").waitFor({ timeout });
  assert.ok(await page.locator("#graph-pane").isHidden(), "the review screen replaces the graph");
  await page.fill("#api-key", reviewer);
  await page.click('#key-form button[type="submit"]');
  await page.locator("#key-state", { hasText: "A key is set" }).waitFor({ timeout });
  assert.equal(await page.inputValue("#api-key"), "", "the key does not stay in the field");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("cyberkg.apiKey")), reviewer);
  assert.equal(await page.evaluate(() => localStorage.length), 0, "the key is not kept beyond the tab");

  // The queue: who proposed it, how sure, the note, and the quoted evidence with its source.
  const listed = item(proposal.id);
  await listed.waitFor({ timeout });
  const text = await listed.textContent();
  assert.match(text, new RegExp(`by ${proposal.proposed_by}`));
  assert.match(text, /confidence 70/);
  assert.match(text, /check the role/);
  assert.equal(await listed.locator("blockquote").textContent(), `Indonesia takes a seat at the SCO as observer (${since})`);
  assert.match(await listed.locator(".evidence a").textContent(), /Indonesian news item/);

  // Selected: the preview says the membership would be created, and draws it.
  await listed.locator("button.open").click();
  await page.locator("#proposal-title", { hasText: proposal.id }).waitFor({ timeout });
  await page.locator("#preview li", { hasText: since }).waitFor({ timeout });
  assert.equal(await page.locator("#preview li .outcome").textContent(), "created");
  await page.waitForFunction(() => window.cyberkg.review.cy && window.cyberkg.review.cy.edges(".candidate").nonempty(), null, { timeout });
  const drawn = await reviewGraph();
  const candidate = drawn.filter((e) => e.candidate).map((e) => e.type ? `${e.source}-${e.type}->${e.target}` : e.id).sort();
  assert.deepEqual(candidate, ["IDN", "IDN-MEMBER_OF->SCO", "SCO"]);
  assert.ok(drawn.some((e) => e.id === "BRICS"), "drawn in Indonesia's neighbourhood");
  const document = await page.inputValue("#review-document");
  assert.deepEqual(JSON.parse(document), JSON.parse(proposal.document), "the document, pretty-printed");
  assert.match(document, /\n {6}"role": "observer"/);

  // A broken edit is refused, readably: the field and the line of the text area.
  await page.fill("#review-document", document.replace('"bloc": "SCO"', '"bloc": "NOPE"'));
  await page.click('#accept-form button[type="submit"]');
  const problem = page.locator("#decision-problem");
  await problem.waitFor({ timeout });
  const said = await problem.textContent();
  assert.match(said, /nothing was written/);
  assert.match(said, /line 5, memberships\[0\]\.bloc: .*NOPE/);
  assert.ok(await item(proposal.id).isVisible(), "still open");
  await page.screenshot({ path: shots + "review-problem.png" });

  // The reviewer corrects the role and accepts, with a note.
  await page.fill("#review-document", document.replace('"role": "observer"', '"role": "dialogue-partner"'));
  await page.fill("#accept-note", "role checked against the SCO's own list");
  await page.click('#accept-form button[type="submit"]');
  const result = page.locator("#review-result", { hasText: `Accepted ${proposal.id}` });
  await result.waitFor({ timeout });
  change = (await result.textContent()).match(/change (chg-\S+) /)[1];
  assert.match(await result.textContent(), /1 created/);
  await item(proposal.id).waitFor({ state: "detached", timeout });
  assert.ok(await page.locator("#proposal").isHidden());
  accepted = proposal.id;
  await page.screenshot({ path: shots + "review-accepted.png" });

  // The API agrees: Indonesia is in the SCO on 1 June 2026, in the edited role.
  const members = await call("/v1/queries/members_list_by_bloc?bloc=SCO&as_of=2026-06-01");
  const row = members.rows.find((r) => r.member === "IDN" && r.since === since);
  assert.ok(row, `IDN since ${since} among ${JSON.stringify(members.rows.map((r) => r.member))}`);
  assert.equal(row.role, "dialogue-partner");
  const decided = await call(`/v1/proposals/${proposal.id}`);
  assert.equal(decided.proposal.status, "accepted");
  assert.equal(decided.proposal.change, change);
});

test("review screen: a change shows now and proposed side by side; a rejection needs a reason", async () => {
  assert.ok(accepted, "needs the membership the test above accepted");
  const proposal = await propose("member", "Full member already?");
  await page.click("#to-explore");
  await page.click("#to-review"); // the queue is read again on the way in
  await item(proposal.id).locator("button.open").click();
  await page.locator("#preview .outcome", { hasText: "changed" }).waitFor({ timeout });
  await page.locator("#compare .pair").waitFor({ timeout });
  const [now, proposed] = await page.locator("#compare .pair pre").allTextContents();
  assert.equal(JSON.parse(now).role, "dialogue-partner");
  assert.equal(JSON.parse(proposed).role, "member");
  assert.match(await page.locator("#compare .pair h4").first().textContent(), /Now \(v1\)/);

  // On a phone the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))); // the drawing refits
  await page.screenshot({ path: shots + "review-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(overflow <= 0, `the review screen is ${overflow}px wider than a 390px phone`);

  // An empty reason is refused in the page, visibly, and nothing is sent.
  await page.fill("#reject-reason", "  ");
  await page.click('#reject-form button[type="submit"]');
  const refusal = page.locator("#reject-error");
  await refusal.waitFor({ timeout });
  assert.match(await refusal.textContent(), /Give a reason/);
  assert.equal(await page.getAttribute("#reject-reason", "aria-invalid"), "true");
  assert.equal((await call(`/v1/proposals/${proposal.id}`)).proposal.status, "open");

  await page.fill("#reject-reason", "IDN is not a full member of the SCO");
  await page.click('#reject-form button[type="submit"]');
  await page.locator("#review-result", { hasText: `Rejected ${proposal.id}: IDN is not a full member` }).waitFor({ timeout });
  await item(proposal.id).waitFor({ state: "detached", timeout });
  assert.ok(await refusal.isHidden());
  const decided = await call(`/v1/proposals/${proposal.id}`);
  assert.equal(decided.proposal.status, "rejected");
  assert.equal(decided.proposal.reason, "IDN is not a full member of the SCO");
});

test("history: the acceptance is listed, and an earlier time shows the graph as known then", async () => {
  assert.ok(accepted, "needs the membership the first test accepted");
  // Waits for Indonesia's neighbourhood to be drawn with, or without, this
  // run's membership (a redraw clears the graph first, then draws it again).
  const drawn = (yes) => page.waitForFunction(([fact, yes]) => {
    const cy = window.cyberkg.cy;
    return cy.getElementById("IDN").nonempty() && cy.edges('[type = "MEMBER_OF"]').some((e) => e.data("props").fact === fact) === yes;
  }, [key, yes], { timeout });
  await page.click("#to-explore");
  await page.evaluate(() => window.cyberkg.openEntity("IDN"));
  await drawn(true);
  await page.locator("#details h2", { hasText: "Indonesia" }).waitFor({ timeout });

  // A date typed and left unapplied is applied when the field is left: here
  // by pressing on History. The details redraw for the new date between the
  // press and the release, and the click still opens the list.
  await page.fill("#as-of", "2026-06-01");
  const heading = page.locator("#details h2").first();
  await heading.evaluate((h) => { h.dataset.before = "yes"; });
  await page.locator("#history-toggle").scrollIntoViewIfNeeded();
  const box = await page.locator("#history-toggle").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForFunction(() => window.cyberkg.state.model?.asOf === "2026-06-01", null, { timeout });
  await page.locator("#details h2:not([data-before])", { hasText: "Indonesia" }).waitFor({ timeout });
  await page.mouse.up();
  assert.equal(await page.getAttribute("#history-toggle", "aria-expanded"), "true");
  const entries = page.locator("#history .history > li");
  const mine = entries.filter({ hasText: accepted });
  await mine.waitFor({ timeout });
  const text = await mine.textContent();
  assert.match(text, /accept/);
  assert.match(text, /by \S+/);
  assert.match(text, /edited: role checked against the SCO's own list/);
  assert.match(text, new RegExp(`Indonesia member of .* since ${since}: created, v1`));
  assert.equal(await entries.first().textContent(), text, "newest first");
  // The seed load is there too, with Indonesia's own facts and a count of the others.
  assert.match(await entries.last().textContent(), /seed by seed[\s\S]*Indonesia: created, v1[\s\S]*and \d+ other facts/);

  // The change before the acceptance: the graph as known then lacks the membership.
  const earlier = entries.nth(1).locator("button.when");
  const then = await earlier.locator("time").getAttribute("datetime");
  await earlier.click();
  const banner = page.locator("#known-on");
  await banner.waitFor({ timeout });
  assert.equal(await banner.locator("time").getAttribute("datetime"), then);
  await drawn(false);
  await page.locator("#status", { hasText: "as known on" }).waitFor({ timeout });
  // The history stays open, with the time picked marked.
  await page.locator('#history button.when[aria-current="true"]', { hasText: then.replace("T", " ").slice(0, 19) }).waitFor({ timeout });
  await page.screenshot({ path: shots + "explorer-history.png" });

  // The acceptance's own time: the membership is there.
  await mine.locator("button.when").click();
  const written = (await call(`/v1/changes?fact=${encodeURIComponent(key)}`)).changes.find((c) => c.id === change);
  await page.locator("#known-on time", { hasText: written.recorded_at.slice(11, 19) }).waitFor({ timeout });
  await drawn(true);

  // And back to now.
  await page.click("#back-to-now");
  await banner.waitFor({ state: "hidden", timeout });
  await drawn(true);
  await page.waitForFunction(() => /as of 2026-06-01$/.test(document.querySelector("#status").textContent), null, { timeout });
});

test("the news reader: an ingested article's proposal is reviewed, accepted, and answers the headline", async () => {
  // Our own sentence, in Indonesian: Russia and Egypt (a BRICS member since
  // 2024, with no known pact) sign an agreement. A run-unique day keeps the
  // article and its fact new on every run.
  const day = since; // this run's free date, found in before()
  const bulan = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
  const [y, m, d] = day.split("-").map(Number);
  const text = `Rusia dan Mesir telah menandatangani perjanjian kerja sama di bidang keamanan informasi internasional pada ${d} ${bulan[m - 1]} ${y}.`;
  const read = await call("/v1/ingest", { method: "POST", token: editor, body: { text, lang: "id", published: day } });
  assert.ok(read.proposal, JSON.stringify(read));
  const agreement = read.candidates.find((c) => c.kind === "agreement");
  assert.deepEqual(agreement.parties, ["RUS", "EGY"]);
  assert.equal(agreement.status, "signed");
  assert.equal(text.slice(agreement.evidence.start, agreement.evidence.end), agreement.evidence.quote);

  // The reviewer sees it in the queue with the article's words as evidence, and accepts.
  await page.goto(base + "/#review");
  const listed = item(read.proposal.id);
  await listed.waitFor({ timeout });
  assert.equal(await listed.locator("blockquote").first().textContent(), agreement.evidence.quote);
  await listed.locator("button.open").click();
  await page.locator("#proposal-title", { hasText: read.proposal.id }).waitFor({ timeout });
  await page.click('#accept-form button[type="submit"]');
  await page.locator("#review-result", { hasText: `Accepted ${read.proposal.id}` }).waitFor({ timeout });

  // The headline question now answers Egypt too, from the accepted fact, citing the article.
  const headline = await call(`/v1/queries/members_with_agreement_by_bloc?bloc=BRICS&country=RUS&as_of=${day}`);
  const egypt = headline.rows.find((r) => r.member === "EGY");
  assert.ok(egypt, `EGY among ${JSON.stringify(headline.rows.map((r) => r.member))}`);
  assert.ok(egypt.sources.some((s) => s.id === read.source), `EGY cites ${JSON.stringify(egypt.sources)}, not the article ${read.source}`);
});

test("the news reader: a fact the graph holds otherwise is shown side by side with what the article says", async () => {
  // Our own sentence: Russia and Brazil "ready to sign", where the graph
  // holds their agreement signed in 2010. The run's date keeps the text new.
  const day = since;
  const text = `Perjanjian kerja sama antara Rusia dan Brasil siap untuk ditandatangani, kata sumber itu pada ${day}.`;
  const read = await call("/v1/ingest", { method: "POST", token: editor, body: { text, lang: "id", published: day } });
  const brazil = read.candidates.find((c) => c.kind === "agreement");
  assert.equal(brazil.existing, "agr-rus-bra-iis");
  assert.equal(brazil.match, "conflict");
  assert.deepEqual(read.proposal.matches.map((m) => `${m.fact}:${m.relation}`), ["agr-rus-bra-iis:conflict"]);
  assert.ok(!read.proposal.facts.includes("agr-rus-bra-iis"), "the held fact is not proposed again");

  await page.goto(base + "/#review");
  await page.reload(); // the page may be on the review screen already: load the queue afresh
  const listed = item(read.proposal.id);
  await listed.waitFor({ timeout });
  assert.equal(await listed.locator(".matches").textContent(), "Of facts the graph holds: 1 in conflict, 0 with a second source");
  await listed.locator("button.open").click();
  await page.locator("#proposal-title", { hasText: read.proposal.id }).waitFor({ timeout });
  const match = page.locator('#matches .match.conflict[data-fact="agr-rus-bra-iis"]');
  await match.waitFor({ timeout });
  assert.match(await match.locator("h4").first().textContent(), /conflicts with .*Russia.*Brazil|conflicts with agr-rus-bra-iis/i);
  // Side by side: the graph's fact, signed, beside the article's "ready to sign" and its words.
  const holds = JSON.parse(await match.locator(".holds pre").textContent());
  assert.equal(holds.status, "signed");
  assert.match(await match.locator(".says").textContent(), /ready-to-sign/);
  assert.equal(await match.locator(".says blockquote").textContent(), brazil.evidence.quote);
  const [left, right] = await Promise.all([match.locator(".holds").boundingBox(), match.locator(".says").boundingBox()]);
  assert.ok(right.x > left.x + left.width - 1 && Math.abs(right.y - left.y) < 2, "the two are side by side");
  await page.screenshot({ path: shots + "review-conflict.png" });
  // Rejected, so later runs' queues stay short.
  await call(`/v1/proposals/${read.proposal.id}/reject`, { method: "POST", token: reviewer, body: { reason: "the graph's 2010 signing stands" } });
});

test("nothing leaves cyberkg, and the key shows nowhere but the Authorization header", () => {
  assert.deepEqual(troubles, []);
});
