// The explorer's pure logic, without a browser or a server: dates as typed,
// statuses as of a day, the answer table's columns and cells, and how a
// large neighbourhood is grouped and cut to the node budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDay, isAfter, statusOn, shown } from "../src/dates.js";
import { gather, budget, GROUP_AT } from "../src/groups.js";
import { shape, cell, ids, inert, sourceParts } from "../src/table.js";
import { Latest } from "../src/latest.js";

test("parseDay takes YYYY-MM-DD, YYYY-MM, YYYY and today; refuses the rest, saying why", () => {
  assert.deepEqual(parseDay("2021-06-28"), { day: "2021-06-28" });
  assert.deepEqual(parseDay(" 2021-06 "), { day: "2021-06-01" });
  assert.deepEqual(parseDay("2021"), { day: "2021-01-01" });
  assert.deepEqual(parseDay(""), { day: "" });
  assert.deepEqual(parseDay("Today"), { day: "" });
  assert.deepEqual(parseDay("2024-02-29"), { day: "2024-02-29" });
  for (const [typed, says] of [["62820-11-29", /not a date/], ["06282021", /not a date/], ["2021-6-28", /not a date/], ["28/06/2021", /not a date/],
    ["0628-11-29", /year from 1900 to 2100/], ["2101", /year from/], ["2021-02-29", /not a day on the calendar/], ["2021-13", /not a day/]]) {
    const { day, error } = parseDay(typed);
    assert.equal(day, undefined, typed);
    assert.match(error, says, typed);
  }
});

test("isAfter and shown read stored dates to their precision", () => {
  assert.equal(isAfter("2021-12-14", "2021-06-28"), true);
  assert.equal(isAfter("2021-06-28", "2021-06-28"), false);
  assert.equal(isAfter("not a date", "2021-06-28"), false);
  assert.equal(isAfter("2999-01-01", ""), true); // "" is today
  assert.equal(shown("2006-01-01", "year"), "2006");
  assert.equal(shown("2011-04-01", "month"), "2011-04");
  assert.equal(shown("2021-06-28", null), "2021-06-28");
});

test("statusOn is the last status step on or before the day", () => {
  const agreement = { status_history: ["ready-to-sign", "signed"], status_dates: ["2021-06-28", "2021-12-14"] };
  assert.equal(statusOn(agreement, "2021-06-27"), null);
  assert.deepEqual(statusOn(agreement, "2021-06-28"), { status: "ready-to-sign", since: "2021-06-28" });
  assert.deepEqual(statusOn(agreement, "2022-01-01"), { status: "signed", since: "2021-12-14" });
  assert.equal(statusOn({}, "2022-01-01"), null);
});

test("the table folds names, titles and precisions into their columns", () => {
  const cols = shape(["member", "member_name", "member_since", "member_since_precision", "agreement", "title", "signed_on", "sources"]);
  assert.deepEqual(cols.map((c) => [c.key, c.name, c.precision]), [
    ["member", "member_name", null], ["member_since", null, "member_since_precision"], ["agreement", "title", null], ["signed_on", null, null], ["sources", null, null]]);
  const row = { member: "BRA", member_name: "Brazil", member_since: "2006-01-01", member_since_precision: "year", agreement: "agr-1", title: "Pact",
    signed_on: "2021-12-14", sources: [{ id: "s1" }, { id: "s2" }] };
  const opts = { day: "2021-06-28", nameOf: (id) => id };
  assert.deepEqual(cols.map((c) => cell(row, c, opts).text), ["Brazil", "2006", "Pact", "2021-12-14", "2 sources"]);
  assert.equal(cell(row, cols[3], opts).later, true);
  assert.equal(cell(row, cols[1], opts).later, false);
  // The ids a row names, for the graph to light up: not its names, titles, precisions, dates or sources.
  assert.deepEqual(ids(row).sort(), ["BRA", "agr-1"]);
  assert.deepEqual(ids({ statement: "st-1", related: ["RUS", "IDN"], date: "2021-06-28", precision: "day", summary: "RUS said" }).sort(), ["IDN", "RUS", "st-1"]);
  // A timeline's precision column belongs to its date.
  assert.deepEqual(shape(["date", "precision", "event"]).map((c) => [c.key, c.precision]), [["date", "precision"], ["event", null]]);
});

// A hub with many statements by two speakers, a few by a third, and sources.
function hub() {
  const nodes = [{ id: "RUS", kind: "Country" }];
  const edges = [];
  const say = (id, speaker) => {
    nodes.push({ id, kind: "Statement", group: { by: "speaker", id: speaker, name: speaker.toUpperCase() } });
    edges.push({ id: `e-${id}`, source: id, target: "RUS", type: "ABOUT", properties: {} });
  };
  for (let i = 0; i < 12; i++) say(`a${i}`, "misp");
  for (let i = 0; i < GROUP_AT; i++) say(`b${i}`, "cfr");
  for (let i = 0; i < GROUP_AT - 1; i++) say(`c${i}`, "biden");
  for (const s of ["s1", "s2"]) {
    nodes.push({ id: s, kind: "Source" });
    edges.push({ id: `e-${s}`, source: "a0", target: s, type: "REPORTED_IN", properties: {} });
  }
  return { nodes, edges };
}

test("gather folds statements by speaker and sources into groups, joining their edges", () => {
  const g = gather(hub());
  const groups = Object.fromEntries(g.groups.map((x) => [x.id, x]));
  assert.equal(groups["group:speaker:misp"].count, 12);
  assert.equal(groups["group:speaker:misp"].name, "12 statements by MISP");
  assert.equal(groups["group:speaker:cfr"].count, GROUP_AT);
  assert.equal(groups["group:speaker:biden"], undefined, "fewer than GROUP_AT stay single");
  assert.equal(groups["group:sources:a0"].name, "2 sources");
  const joined = (id) => g.edges.find((e) => e.id === id);
  assert.equal(joined("joined:group:speaker:misp:ABOUT:RUS").count, 12);
  // a0 is in a group itself: its sources hang off the group.
  assert.equal(joined("joined:group:speaker:misp:REPORTED_IN:group:sources:a0").count, 2);
  assert.equal(g.nodes.length, 1 + 3 + (GROUP_AT - 1));
  // Kept and opened groups are not gathered.
  assert.deepEqual(gather(hub(), { open: new Set(["group:speaker:misp"]) }).groups.map((x) => x.id).sort(), ["group:sources:a0", "group:speaker:cfr"]);
  assert.equal(gather(hub(), { keep: new Set(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]) }).groups.find((x) => x.id === "group:speaker:misp"), undefined);
});

test("budget keeps what the view is about, then by kind and links, the same every time", () => {
  const g = gather(hub());
  const cut = budget(g, 4, new Set(["c3"]));
  assert.equal(cut.nodes.length, 4);
  assert.equal(cut.left, g.nodes.length - 4);
  assert.deepEqual(cut.nodes.map((n) => n.id), ["c3", "RUS", "group:speaker:misp", "group:sources:a0"]);
  assert.ok(cut.edges.every((e) => cut.nodes.some((n) => n.id === e.source) && cut.nodes.some((n) => n.id === e.target)));
  // The same cut whatever order the answer lists them in.
  const shuffled = { nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() };
  assert.deepEqual(budget(shuffled, 4, new Set(["c3"])).nodes.map((n) => n.id), cut.nodes.map((n) => n.id));
  assert.equal(budget(g, 100).left, 0);
});

test("Latest: only the newest request's answer is wanted; current watches without starting one", () => {
  const l = new Latest();
  const first = l.begin();
  const watch = l.current();
  assert.ok(first() && watch());
  const second = l.begin();
  assert.ok(!first() && !watch() && second());
  assert.equal(l.count, 2);
});

test("inert: a cell a spreadsheet would read as a formula gets an apostrophe; numbers and text stay", () => {
  for (const [cell, out] of [["=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"], ["+7 ransomware", "'+7 ransomware"], ["@SUM(A1)", "'@SUM(A1)"],
    ["-x", "'-x"], ["-3.5", "-3.5"], ["Russia", "Russia"], ["2021-06-28", "2021-06-28"], ["", ""]]) assert.equal(inert(cell), out, cell);
});

test("sourceParts links web addresses only", () => {
  // The least of a DOM: what sourceParts uses.
  globalThis.document = { createElement: (tag) => ({ tagName: tag }) };
  try {
    assert.equal(sourceParts({ id: "s", url: "https://example.org/a" })[0].href, "https://example.org/a");
    for (const url of ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "", undefined]) {
      const [a] = sourceParts({ id: "s", title: "T", url });
      assert.equal(a.tagName, "span", String(url));
      assert.equal(a.href, undefined);
      assert.equal(a.textContent, "T");
    }
  } finally {
    delete globalThis.document;
  }
});
