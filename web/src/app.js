// The cyberkg graph explorer: search, draw and expand neighbourhoods, ask
// the catalog's questions and read their answers as tables beside the
// graph, move the "as of" date (typed, or along the key dates) with the
// drawing kept in place, see each node's and edge's facts as of that date
// with their sources and history, and read the graph as it was known at an
// earlier time. Its review screen (#review) lets a reviewer accept or
// reject proposed facts. Everything it loads comes from the cyberkg API on
// the same origin.
import cytoscape from "cytoscape";
import { parseDay, today, isAfter, isDay, statusOn, shown, FIRST_YEAR, LAST_YEAR } from "./dates.js";
import { gather, budget } from "./groups.js";
import * as table from "./table.js";
import { Latest } from "./latest.js";

const COLOURS = {
  Country: "#4C8EDA", Bloc: "#DA7194", Person: "#F79767", Organization: "#C990C0", ThreatActor: "#6C4A9E", Agreement: "#57C7E3",
  Statement: "#E6C34A", Event: "#8DCC93", Incident: "#F16667", Source: "#BDBDBD", Group: "#8A94A6",
};
// A shape per kind, so kinds read apart without colour too.
const SHAPES = {
  Country: "ellipse", Bloc: "hexagon", Person: "ellipse", Organization: "round-rectangle", ThreatActor: "diamond", Agreement: "rectangle",
  Statement: "round-tag", Event: "star", Incident: "triangle", Source: "barrel", Group: "round-octagon",
};

const PRESETS = {
  "headline-2021": { asOf: "2021-06-28", query: "members_with_agreement_by_bloc", params: { bloc: "BRICS", country: "RUS" } },
  "headline-today": { asOf: "", query: "members_with_agreement_by_bloc", params: { bloc: "BRICS", country: "RUS" } },
  "ready-2021": { asOf: "2021-06-28", query: "agreements_list_by_party", params: { party: "RUS", status: "ready-to-sign" } },
  colonial: { asOf: "", query: "attributions_list_by_incident", params: { incident: "colonial-pipeline-attack" } },
  khramov: { asOf: "", entity: "oleg-khramov" },
};

// The drawing's node budget: how many nodes it draws at first, and how many
// more each "Show more" adds. A walk fetches three times as many, since
// groups fold most of a large neighbourhood into a few nodes.
const BUDGET = 60;
const WALK_MAX = 500; // the API's most nodes per walk

const $ = (sel) => document.querySelector(sel);
const state = {
  // The latest request of each kind; an answer to an older one is dropped.
  views: new Latest(),     // the view's graph (its count is the number of redraws begun)
  details: new Latest(),   // the details panel, and the timeline a click shows with it
  answers: new Latest(),   // the Answer tab's table
  timelines: new Latest(), // the Timeline tab's table and the slider's key dates
  asOf: "",          // "" means today
  knownOn: "",       // "" means now; else the recorded time (RFC 3339) the graph is read as of
  selected: null,    // the entity whose details are shown
  edge: null,        // or the relationship whose details are shown, if one was clicked since
  historyOf: null,   // the entity whose history is open
  history: null,     // the latest details' History button and list, reused when they redraw
  view: null,        // {entities: [ids]} or {question: {query, params, title}}
  hidden: new Set(), // kinds filtered out
  sources: new Map(),
  names: new Map(),  // entity id -> name, as the API has told us
  model: { nodes: [], edges: [], truncated: false }, // the view's graph as fetched, before grouping and budget
  budget: BUDGET,
  open: new Set(),   // groups shown node by node
  keyDates: [],      // [{date, label}], oldest first: the slider's stops
  catalog: null,     // the query catalog, once asked for
};

const STYLE = [
    { selector: "node", style: {
      "background-color": "data(colour)", shape: "data(shape)", label: "data(label)", "font-size": 12, "min-zoomed-font-size": 10,
      "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 140, width: 24, height: 24,
      "border-width": 1, "border-color": "#fff", "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1 } },
    { selector: "node[kind = 'Country'], node[kind = 'Bloc']", style: { width: 36, height: 36, "font-weight": "bold" } },
    { selector: "node[kind = 'Group']", style: { width: "data(size)", height: "data(size)", "border-width": 3, "border-color": COLOURS.Group, "border-style": "double", "font-style": "italic", "text-wrap": "wrap", "text-max-width": 160 } },
    // Labels of countries, blocs, groups and the focus never shrink below a
    // readable size on screen: readable() keeps their font at 12 px.
    { selector: "node.major", style: { "min-zoomed-font-size": 0 } },
    { selector: "node.focus", style: { "border-width": 3, "border-color": "#1d2330" } },
    { selector: ":selected", style: { "overlay-opacity": 0.15, "overlay-color": "#0b6bcb" } },
    { selector: "edge", style: {
      width: 1.4, "line-color": "#B8C0CC", "target-arrow-color": "#B8C0CC", "target-arrow-shape": "triangle",
      "curve-style": "bezier", label: "", "font-size": 11, color: "#1d2330", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 2 } },
    { selector: "edge[count > 1]", style: { width: "mapData(count, 2, 60, 2.5, 8)" } },
    { selector: "edge[type = 'ATTRIBUTES']", style: { "line-color": "#EB2728", "target-arrow-color": "#EB2728" } },
    { selector: "edge[type = 'MEMBER_OF']", style: { "line-color": "#DA7194", "target-arrow-color": "#DA7194" } },
    { selector: "edge[type = 'PARTY_TO']", style: { "line-color": "#23B3D7", "target-arrow-color": "#23B3D7" } },
    // Edge labels only on hover or when picked: dozens of them at once are unreadable.
    { selector: "edge.hover, edge:selected", style: { label: "data(caption)", "z-index": 10 } },
    // A row of the answer under the cursor: its entities stand out, the rest fade.
    { selector: ".dim", style: { opacity: 0.18 } },
    { selector: "node.hl", style: { "border-width": 4, "border-color": "#E8590C", "z-index": 20 } },
    { selector: "edge.hl", style: { width: 3, "line-color": "#E8590C", "target-arrow-color": "#E8590C" } },
    // The review screen draws a proposal's entities and facts in their neighbourhood.
    { selector: "node.candidate", style: { "border-width": 4, "border-color": "#E8590C" } },
    { selector: "edge.candidate", style: { "line-style": "dashed", width: 2.5, "line-color": "#E8590C", "target-arrow-color": "#E8590C", color: "#E8590C", label: "data(caption)" } },
];

// drawing makes a graph view with the explorer's look.
const drawing = (container) => cytoscape({ container, minZoom: 0.15, maxZoom: 3, wheelSensitivity: 0.3, style: STYLE });
// The layout fits the drawing to the view when it stops. Positions are
// seeded (placeNew) rather than random, so the same view draws the same way.
const LAYOUT = { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, fit: true, padding: 24, randomize: false,
  idealEdgeLength: () => 90, nodeRepulsion: () => 40000, gravity: 0.25, numIter: 1500, componentSpacing: 60 };

const cy = drawing($("#graph"));

// --- talking to the API -----------------------------------------------------

// Problem is an error answer of the API (RFC 9457 problem+json): its
// detail, the parameter it names, and for a refused document every problem
// with its field and line.
class Problem extends Error {
  constructor(status, body) {
    super(body.detail ? `${body.detail}${body.param ? ` (${body.param})` : ""}` : `HTTP ${status}`);
    this.status = status;
    this.detail = body.detail || `HTTP ${status}`;
    this.param = body.param;
    this.errors = body.errors || [];
  }
}

// The reviewer's API key lives in this tab's sessionStorage only, and goes
// out only in the Authorization header of the review screen's requests.
const KEY = "cyberkg.apiKey";

async function api(path, { method = "GET", body, auth = false } = {}) {
  const headers = { Accept: "application/json" };
  const key = auth && sessionStorage.getItem(KEY);
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Problem(res.status, answer);
  return answer;
}

const asOfParam = () => state.asOf || "today";
// Every read of the graph says when it was known: now, or the time picked in a history.
const knownOnValue = () => state.knownOn || "now";
const knownOnParam = () => encodeURIComponent(knownOnValue());
const status = (text) => { $("#status").textContent = text; };
// 2026-11-29T17:25:17.979372403Z -> 2026-11-29 17:25:17 UTC
const when = (t) => t.replace("T", " ").replace(/\.\d+/, "").replace(/Z$/, " UTC");
const nameOf = (id) => state.names.get(id) || id;
const dayShown = () => state.asOf || `today (${today()})`;

// factLabel names a fact by its key: an entity by its name, a relationship
// fact (membership:IDN:SCO:2026-03-01) by its ends and date.
function factLabel(key) {
  const [kind, a, b, c] = key.split(":");
  if (kind === "membership") return `${nameOf(a)} member of ${nameOf(b)} since ${c}`;
  if (kind === "position") return `${nameOf(a)} at ${nameOf(b)}${c ? ` since ${c}` : ""}`;
  if (kind === "relation") return `${nameOf(a)} ${b} ${nameOf(c)}`;
  return nameOf(key);
}

// --- drawing ----------------------------------------------------------------

function label(node) {
  if (node.kind === "Country" || node.kind === "Bloc") return node.id;
  const name = node.name || node.id;
  return name.length > 40 ? `${name.slice(0, 38)}…` : name;
}

// nodeData is a node's cytoscape data: the API's node, or a group of them.
function nodeData(n) {
  const group = n.kind === "Group";
  return { id: n.id, label: label(n), kind: n.kind, name: n.name, colour: COLOURS[group ? n.of : n.kind] || "#A5ABB6",
    shape: SHAPES[group ? "Group" : n.kind] || "ellipse", size: group ? Math.min(70, 30 + 4 * Math.sqrt(n.count)) : 24,
    count: n.count || 0, of: n.of, members: n.members };
}

function edgeData(e) {
  const caption = e.count ? `${e.type} ×${e.count}` : e.properties.verdict ? `${e.type}: ${e.properties.verdict}` : e.type;
  return { id: e.id, source: e.source, target: e.target, type: e.type, caption, count: e.count || 1, props: e.properties };
}

// add draws a graph's nodes and edges that are not drawn yet (the review
// screen's drawing, which is rebuilt whole each time).
function add(graph, into = cy) {
  for (const n of graph.nodes) if (n.name) state.names.set(n.id, n.name);
  const nodes = graph.nodes.filter((n) => into.getElementById(n.id).empty()).map((n) => ({ group: "nodes", data: nodeData(n) }));
  into.add(nodes);
  // Edges whose ends are not drawn are skipped, not errors.
  into.add(graph.edges.filter((e) => into.getElementById(e.id).empty() && into.getElementById(e.source).nonempty() && into.getElementById(e.target).nonempty())
    .map((e) => ({ group: "edges", data: edgeData(e) })));
}

// keep is what the view is about: never gathered into a group, never cut by the budget.
function keep() {
  const ids = new Set(state.view && state.view.entities ? state.view.entities : []);
  if (state.view && state.view.question) Object.values(state.view.question.params).forEach((v) => ids.add(v));
  if (state.selected) ids.add(state.selected);
  return ids;
}

// sync makes the drawing show the view's graph: grouped, within the budget,
// and with every node that stays where it was. New nodes start next to
// their drawn neighbours and the layout moves only them; nodes no longer in
// the answer fade out.
function sync() {
  for (const n of state.model.nodes) if (n.name) state.names.set(n.id, n.name);
  const kept = keep();
  const grouped = gather(state.model, { keep: kept, open: state.open });
  const drawn = budget(grouped, state.budget, kept);
  const want = new Map([...drawn.nodes.map((n) => [n.id, { group: "nodes", data: nodeData(n) }]), ...drawn.edges.map((e) => [e.id, { group: "edges", data: edgeData(e) }])]);

  const leaving = cy.elements().filter((e) => !want.has(e.id()));
  leaving.addClass("leaving").stop(true).animate({ style: { opacity: 0 } }, { duration: 350, complete: () => leaving.filter(".leaving").remove() });
  const staying = cy.elements().filter((e) => want.has(e.id()));
  // removeStyle, not style(opacity 1): a bypass would outweigh .dim for good.
  staying.removeClass("leaving").stop(true).removeStyle("opacity");
  // A group's count, a joined edge's count, a status or an edge's properties
  // may have changed with the date.
  staying.forEach((x) => x.data(want.get(x.id()).data));

  const fresh = [...want.values()].filter((x) => x.group === "nodes" && cy.getElementById(x.data.id).empty());
  const first = staying.nodes().empty();
  const added = cy.add(fresh);
  cy.add([...want.values()].filter((x) => x.group === "edges" && cy.getElementById(x.data.id).empty()));
  placeNew(added, first);
  if (first) cy.elements().not(".leaving").layout(LAYOUT).run();
  else if (added.some(outOfSight)) cy.fit(cy.elements().not(".leaving"), 24); // the analyst's zoom stays while what is new can be seen
  cy.nodes().forEach((n) => n.toggleClass("major", ["Country", "Bloc", "Group"].includes(n.data("kind")) || kept.has(n.id())));
  cy.nodes().forEach((n) => n.toggleClass("focus", (state.view && state.view.entities || []).includes(n.id())));
  if (state.selected) cy.getElementById(state.selected).select();
  applyFilters();
  readable();
  listNodes(drawn);
}

// outOfSight says whether a node is outside the part of the drawing shown.
function outOfSight(n) {
  const { x1, x2, y1, y2 } = cy.extent();
  const { x, y } = n.position();
  return x < x1 || x > x2 || y < y1 || y > y2;
}

// placeNew places new nodes. A first drawing is seeded on a circle in id
// order, for the layout that follows to give the same picture for the same
// answer. Nodes joining a drawing go on rings around the drawn node they
// link to (the middle of several), 8 on the first ring, 16 on the next and
// so on, and nothing drawn before moves: no layout runs over what the
// analyst has already seen.
function placeNew(added, first) {
  const sorted = added.sort((a, z) => (a.id() < z.id() ? -1 : 1));
  if (first) {
    const r = 40 + 12 * Math.sqrt(sorted.length);
    sorted.forEach((n, i) => n.position({ x: r * Math.cos((2 * Math.PI * i) / sorted.length), y: r * Math.sin((2 * Math.PI * i) / sorted.length) }));
    return;
  }
  const drawn = cy.nodes().not(added).not(".leaving");
  const box = drawn.boundingBox();
  const rings = new Map(); // anchor key -> nodes placed around it so far
  sorted.forEach((n) => {
    const anchors = n.neighborhood("node").not(added).not(".leaving");
    const c = anchors.nonempty()
      ? anchors.reduce((p, a) => ({ x: p.x + a.position("x") / anchors.length, y: p.y + a.position("y") / anchors.length }), { x: 0, y: 0 })
      : { x: box.x2 + 80, y: box.y1 }; // linked to nothing drawn: beside the drawing
    const key = `${Math.round(c.x)},${Math.round(c.y)}`;
    const i = rings.get(key) || 0;
    rings.set(key, i + 1);
    // Ring k (1, 2, …) holds 8k nodes: the i-th node goes on the ring that has room for it.
    let k = 1;
    let before = 0;
    while (i >= before + 8 * k) { before += 8 * k; k += 1; }
    const angle = (2 * Math.PI * (i - before)) / (8 * k) + k * 0.4;
    n.position({ x: c.x + 75 * k * Math.cos(angle), y: c.y + 75 * k * Math.sin(angle) });
  });
}

// readable keeps the labels of countries, blocs, groups and the view's own
// entities at 12 px on screen however far the drawing is zoomed out; the
// others hide below 10 px rather than blur into each other.
function readable() {
  const size = Math.max(12, 12 / cy.zoom());
  cy.nodes(".major").style("font-size", size);
  cy.nodes().not(".major").removeStyle("font-size");
}

function applyFilters() {
  cy.nodes().forEach((n) => n.style("display", state.hidden.has(n.data("kind") === "Group" ? n.data("of") : n.data("kind")) ? "none" : "element"));
}

// listNodes lists what is drawn, says how much is, and offers more when the
// budget or the walk's limit left some out.
function listNodes(drawn) {
  const nodes = cy.nodes().not(".leaving").filter((n) => n.style("display") !== "none").sort((a, b) => a.data("label").localeCompare(b.data("label")));
  $("#node-list").replaceChildren(...nodes.map((n) => {
    const li = el("li");
    const b = el("button", n.data("kind") === "Group" ? n.data("name") : n.data("label"), { type: "button" });
    b.dataset.id = n.id();
    b.addEventListener("click", () => (n.data("kind") === "Group" ? openGroup(n.id()) : select(n.id()).catch((e) => status(e.message))));
    li.append(b, el("span", n.data("kind"), { className: "kind" }));
    return li;
  }));
  $("#in-view summary").textContent = `In view: ${nodes.length} nodes`;
  const known = state.knownOn ? `, as known on ${when(state.knownOn)}` : "";
  const groups = cy.nodes('[kind = "Group"]').not(".leaving");
  status(`${cy.nodes().not(".leaving").length} nodes (${groups.length} groups), ${cy.edges().not(".leaving").length} edges, as of ${dayShown()}${known}`);
  if (!drawn) return;
  // Show more helps when the budget left nodes out, or a walk stopped at a limit it can still raise.
  const walkCut = state.model.truncated && state.view.entities.length > 0 && walkLimit() < WALK_MAX;
  const left = drawn.left + (walkCut ? 1 : 0);
  $("#budget").hidden = left === 0;
  $("#budget-text").textContent = drawn.left
    ? `Drawing ${drawn.nodes.length} nodes, the budget; ${drawn.left} more fetched.`
    : `The walk stopped at its limit of ${walkLimit()} entities.`;
}

const walkLimit = () => Math.min(WALK_MAX, state.budget * 3);

// showMore raises the budget: more of what was fetched is drawn, and walks
// fetch more.
async function showMore() {
  state.budget += BUDGET;
  if (state.model.truncated && state.view && state.view.entities.length) await redraw();
  else sync();
}

// openGroup shows a group's members one by one.
function openGroup(id) {
  const g = cy.getElementById(id);
  state.open.add(id);
  state.budget = Math.max(state.budget, cy.nodes().length + (g.data("count") || 0));
  sync();
}

// highlight marks the entities of the answer's row under the cursor (null: none).
function highlight(ids) {
  cy.elements().removeClass("hl dim");
  if (!ids) return;
  const hit = cy.nodes().filter((n) => ids.includes(n.id()) || (n.data("members") || []).some((m) => ids.includes(m)));
  if (hit.empty()) return;
  cy.elements().addClass("dim");
  hit.removeClass("dim").addClass("hl");
  hit.edgesWith(hit).removeClass("dim").addClass("hl");
}

// --- what the user does -----------------------------------------------------

// fetchView reads the view's graph as of the date: a question's answer as a
// graph, or the neighbourhoods of the entities opened.
async function fetchView() {
  const view = state.view;
  // asOf and knownOn say what the model is of (tests wait on them).
  const model = { nodes: [], edges: [], truncated: false, missing: [], asOf: state.asOf, knownOn: state.knownOn };
  if (view.question) {
    const q = new URLSearchParams({ format: "json", include_sources: "false", as_of: asOfParam(), known_on: knownOnValue(), query: view.question.query });
    for (const [k, v] of Object.entries(view.question.params)) q.set(`param.${k}`, v);
    q.set("param.as_of", asOfParam());
    merge(model, await api(`/v1/export?${q}`));
  }
  const walks = await Promise.all(view.entities.map((id) => api(walkPath(id)).catch(() => null)));
  walks.forEach((walk, i) => {
    if (walk) merge(model, walk.graph);
    else model.missing.push(view.entities[i]); // not known then, or not valid yet: said, not fatal
  });
  return model;
}

const walkPath = (id) => `/v1/entities/${encodeURIComponent(id)}/neighbourhood?depth=1&limit=${walkLimit()}&as_of=${asOfParam()}&known_on=${knownOnParam()}`;

// merge adds a graph's nodes and edges to the model, each once.
function merge(model, graph) {
  const seen = new Set([...model.nodes.map((n) => n.id), ...model.edges.map((e) => e.id)]);
  for (const n of graph.nodes) if (!seen.has(n.id)) { seen.add(n.id); model.nodes.push(n); }
  for (const e of graph.edges) if (!seen.has(e.id)) { seen.add(e.id); model.edges.push(e); }
  model.truncated ||= graph.truncated;
}

// redraw fetches the view again (the date or the known-on time moved) and
// brings the drawing to it in place. A question's answer, if given, was read
// just now and is not read again.
async function redraw(answer) {
  if (!state.view) return;
  const fresh = state.views.begin();
  const model = await fetchView();
  if (!fresh()) return; // a newer view was asked for meanwhile
  state.model = model;
  sync();
  if (model.missing.length) status(`Not in the graph as asked: ${model.missing.map(nameOf).join(", ")}`);
  if (model.truncated && state.view.question && !state.view.entities.length) status(`${$("#status").textContent}; the answer is longer than its first page: this draws what its first 100 rows name`);
  await Promise.all([
    state.view.question ? answerQuestion(state.view.question, answer) : Promise.resolve(),
    showSelected(),
    loadTimeline(),
  ]);
}

// select opens an entity: its neighbourhood joins the view (only its own is
// read: the rest of the view is as it was) and its facts and timeline are
// shown; the answer's table stays as it was sorted. A click made while its
// walk is read supersedes it: the later click's details are the ones shown.
async function select(id) {
  if (id.startsWith("group:")) return openGroup(id);
  const fresh = state.details.begin();
  choose(id);
  if (!state.view) {
    state.view = { entities: [id] };
    return redraw();
  }
  if (!state.view.entities.includes(id)) {
    state.view.entities.push(id);
    const sameView = state.views.current();
    const walk = await api(walkPath(id)).catch((e) => { status(e.message); return null; });
    if (walk && sameView()) { // no redraw began meanwhile: one that did reads this entity too
      merge(state.model, walk.graph);
      sync();
    }
  }
  if (fresh()) await Promise.all([showEntity(id, fresh), loadTimeline()]);
}

// choose makes an entity the one whose details are shown, and marks it.
function choose(id) {
  state.selected = id;
  state.edge = null;
  cy.elements().unselect();
  cy.getElementById(id).select();
}

// showSelected shows again, for the date in view, what the details show:
// the relationship clicked, if it is still drawn, else the entity.
function showSelected() {
  const edge = state.edge && cy.getElementById(state.edge);
  if (edge && edge.nonempty()) return showEdge(edge);
  return state.selected ? showEntity(state.selected) : Promise.resolve();
}

async function openEntity(id) {
  cy.elements().remove();
  state.view = { entities: [id] };
  state.selected = id;
  state.edge = null;
  state.open.clear();
  state.budget = BUDGET;
  await redraw();
  showTab("timeline");
}

async function runPreset(name) {
  const p = PRESETS[name];
  setAsOf(p.asOf, { redraw: false });
  if (p.entity) return openEntity(p.entity);
  const button = document.querySelector(`[data-preset="${name}"]`);
  return ask({ query: p.query, params: p.params, title: button ? button.textContent : name });
}

// ask asks a question of the catalog: its answer as a table, and the
// entities it names drawn.
async function ask(question, answer) {
  cy.elements().remove();
  state.view = { question, entities: [] };
  state.selected = null;
  state.edge = null;
  state.open.clear();
  state.budget = BUDGET;
  showTab("answer");
  // Said first: an entity clicked while the answer loads must keep its details.
  showQuestion(question);
  await redraw(answer);
}

function setAsOf(date, { redraw: again = true } = {}) {
  state.asOf = date;
  const input = $("#as-of");
  input.value = date || today();
  input.removeAttribute("aria-invalid");
  $("#as-of-error").hidden = true;
  placeSlider();
  if (again) redraw().catch((e) => status(e.message));
}

// applyTyped applies the date typed in the field, if it is one and is new;
// a date that is not one is refused where it was typed, and nothing moves.
function applyTyped() {
  const input = $("#as-of");
  const { day, error } = parseDay(input.value);
  if (error) {
    input.setAttribute("aria-invalid", "true");
    $("#as-of-error").textContent = `${error} The view still shows ${dayShown()}.`;
    $("#as-of-error").hidden = false;
    return;
  }
  const next = day === today() ? "" : day;
  if (next === state.asOf) { setAsOf(next, { redraw: false }); return; }
  setAsOf(next);
}

// setKnownOn reads the graph as it was known at a recorded time ("" is now).
function setKnownOn(at) {
  state.knownOn = at;
  const time = $("#known-on time");
  time.textContent = at ? when(at) : "";
  time.dateTime = at;
  showKnownOn();
  redraw().catch((e) => status(e.message));
}

const showKnownOn = () => { $("#known-on").hidden = !state.knownOn || reviewing(); };

// --- time -------------------------------------------------------------------

// loadTimeline reads the timelines of what the view is about: they fill the
// Timeline tab (its first entity's) and give the slider its key dates.
async function loadTimeline() {
  const view = state.view;
  if (!view) return;
  const fresh = state.timelines.begin();
  const named = view.question ? Object.values(view.question.params).filter((v) => state.names.has(v) || cy.getElementById(v).nonempty()) : [];
  const anchors = [...new Set([state.selected, ...view.entities, ...named].filter(Boolean))].slice(0, 3);
  const answers = await Promise.all(anchors.map((id) => api(`/v1/queries/timeline_list_by_entity?id=${encodeURIComponent(id)}&from=${FIRST_YEAR}&to=${LAST_YEAR}&limit=1000&known_on=${knownOnParam()}`).catch(() => null)));
  if (!fresh()) return; // a newer date, view or entity asked meanwhile
  const dates = new Map();
  answers.forEach((a) => a && a.rows.forEach((r) => { if (!dates.has(r.date)) dates.set(r.date, r.summary); }));
  state.keyDates = [...dates].sort(([a], [z]) => (a < z ? -1 : 1)).map(([date, label]) => ({ date, label }));
  fillSlider();
  const first = answers[0];
  if (first) {
    const id = anchors[0];
    const rendered = table.render($("#timeline-table"), { columns: first.columns, rows: first.rows, day: state.asOf, nameOf, onHover: highlight, onPick: pickRow,
      caption: `The timeline of ${nameOf(id)}` });
    $("#timeline-title").textContent = `Timeline of ${nameOf(id)}`;
    const later = first.rows.filter((r) => isAfter(r.date, state.asOf)).length;
    $("#timeline-note").textContent = `${first.rows.length} dated facts${later ? `, ${later} of them after ${dayShown()} (marked later)` : ""}.`;
    tools("timeline", rendered, `timeline-${id}`);
  } else { // nothing to tell the time of, or its timeline failed: no other entity's stays
    $("#timeline-table").replaceChildren();
    $("#timeline-title").textContent = "Timeline";
    $("#timeline-note").textContent = anchors.length ? `The timeline of ${nameOf(anchors[0])} could not be read.` : "Open an entity to see its timeline.";
    untool("timeline");
  }
}

// fillSlider gives the slider one stop per key date, with today last.
function fillSlider() {
  const stops = [...state.keyDates.filter((k) => k.date < today()), { date: today(), label: "today" }];
  state.keyDates = stops;
  const slider = $("#time-slider");
  const marks = stops.map((k) => k.date).join();
  if (slider.dataset.marks !== marks) {
    slider.dataset.marks = marks;
    slider.max = String(stops.length - 1);
    $("#key-dates").replaceChildren(...stops.map((k, i) => el("option", undefined, { value: String(i), label: k.date })));
  }
  placeSlider();
}

// placeSlider puts the slider on the last key date on or before the day in
// view, unless the analyst is dragging it.
function placeSlider() {
  if (sliding) return;
  const day = state.asOf || today();
  let at = 0;
  state.keyDates.forEach((k, i) => { if (k.date <= day) at = i; });
  $("#time-slider").value = String(at);
  sliderLabel(at);
}

let sliding = false; // the pointer is down on the slider

function sliderLabel(i) {
  const k = state.keyDates[i];
  $("#slider-date").textContent = k ? `${k.date}: ${k.label}` : "";
}

// --- answers as tables ------------------------------------------------------

function showTab(which) {
  for (const t of ["answer", "timeline"]) {
    $(`#tab-${t}`).setAttribute("aria-selected", String(t === which));
    $(`#${t}-panel`).hidden = t !== which;
  }
}

// tools wires a table's Copy button and CSV link to what it shows.
function tools(which, rendered, file) {
  const copy = $(`#copy-${which}`);
  copy.disabled = false;
  copy.onclick = async () => {
    const text = rendered.text("\t");
    try { await navigator.clipboard.writeText(text); copy.textContent = "Copied"; } catch { copy.textContent = "Copy refused"; }
    setTimeout(() => { copy.textContent = "Copy"; }, 1500);
  };
  // The file is made when the link is followed: the rows in the order shown then.
  const link = $(`#csv-${which}`);
  link.download = `${file}-as-of-${state.asOf || today()}.csv`;
  link.href = "#";
  link.onclick = () => {
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([rendered.text(",")], { type: "text/csv" }));
  };
  link.removeAttribute("aria-disabled");
}

// untool disables a table's Copy and CSV when it shows nothing.
function untool(which) {
  $(`#copy-${which}`).disabled = true;
  $(`#copy-${which}`).onclick = null;
  const link = $(`#csv-${which}`);
  link.removeAttribute("href");
  link.onclick = null;
  link.setAttribute("aria-disabled", "true");
}

// questionPath is where the catalog answers a question, as of the day in
// view and as known at the time picked.
function questionPath(question, limit) {
  const q = new URLSearchParams({ ...question.params, as_of: asOfParam(), known_on: knownOnValue(), limit: String(limit) });
  return `/v1/queries/${question.query}?${q}`;
}

const ANSWER_ROWS = 1000;

// answerQuestion lists a question's answer as a table: the one given (read
// for the form just now), or read again for the day in view.
async function answerQuestion(question, given) {
  const fresh = state.answers.begin();
  const a = given || await api(questionPath(question, ANSWER_ROWS));
  if (!fresh()) return; // a newer date or question asked meanwhile
  for (const r of a.rows) for (const [k, v] of Object.entries(r)) if (k.endsWith("_name") && typeof r[k.slice(0, -5)] === "string" && v) state.names.set(r[k.slice(0, -5)], v);
  const rendered = table.render($("#answer-table"), { columns: a.columns, rows: a.rows, day: state.asOf, nameOf, onHover: highlight, onPick: pickRow, caption: question.title });
  $("#answer-title").textContent = question.title;
  const more = a.page && a.page.next ? `; the first ${a.rows.length} shown, more with the API's cursor` : "";
  $("#answer-note").textContent = `${a.rows.length} row${a.rows.length === 1 ? "" : "s"} as of ${dayShown()}${more}. Click a column to sort; hover a row to find it in the graph.`;
  tools("answer", rendered, question.query);
}

// pickRow opens the first entity a row names that is drawn.
function pickRow(ids) {
  const id = ids.find((x) => cy.getElementById(x).nonempty() && !x.startsWith("group:"));
  if (!id) return;
  choose(id);
  showEntity(id).catch((e) => status(e.message));
}

function showQuestion(question) {
  state.details.begin(); // an entity's details asked for before this must not replace it
  historyControl(null);
  $("#facts").replaceChildren(el("h2", question.title), el("p", `Asked as of ${dayShown()}: the answer is in the table above, its entities in the graph. Click one to see its facts.`, { className: "hint" }));
}

// showHits lists a search's hits in the Answer tab.
function showHits(q, found) {
  const rendered = table.render($("#answer-table"), {
    columns: ["id", "name", "kind", "aliases", "score"], rows: found.map((h) => ({ ...h, score: Math.round(h.score * 100) / 100 })),
    day: state.asOf, nameOf, onHover: highlight, onPick: (ids) => openEntity(ids[0]).catch((e) => status(e.message)), caption: `Search: ${q}`,
  });
  $("#answer-title").textContent = `Search: “${q}”`;
  $("#answer-note").textContent = `${found.length} hit${found.length === 1 ? "" : "s"}, best first. Click a row to open it.`;
  tools("answer", rendered, "search");
}

// --- the catalog's questions ------------------------------------------------

// askForm builds the form of a catalog query from its parameters; as_of
// and known_on come from the date bar and the history.
async function askForm() {
  if (!state.catalog) state.catalog = (await api("/v1/queries")).queries;
  const select = $("#ask-query");
  if (!select.options.length) {
    select.append(...state.catalog.map((q) => el("option", q.name.replace(/_/g, " "), { value: q.name })));
    select.addEventListener("change", fields);
  }
  fields();
}

function fields() {
  const q = state.catalog.find((x) => x.name === $("#ask-query").value);
  $("#ask-description").textContent = q.description;
  $("#ask-error").hidden = true;
  $("#ask-fields").replaceChildren(...q.params.filter((p) => p.name !== "as_of" && p.name !== "known_on").map((p) => {
    const wrap = el("div", undefined, { className: "field" });
    const id = `ask-${p.name}`;
    const input = p.one_of ? el("select", undefined, { id }) : el("input", undefined, { id, type: p.type === "integer" ? "number" : "text" });
    if (p.one_of) input.append(el("option", "(any)", { value: "" }), ...p.one_of.map((v) => el("option", v, { value: v })));
    if (p.type === "integer") { if (p.min !== undefined) input.min = p.min; if (p.max !== undefined) input.max = p.max; }
    if (!p.one_of) input.placeholder = p.type === "date" ? "YYYY-MM-DD" : p.type === "id" ? `id of ${p.kind === "Entity" ? "an entity" : `a ${p.kind}`}` : "";
    input.value = p.default && p.default !== "today" ? p.default : "";
    input.dataset.param = p.name;
    input.dataset.type = p.type;
    input.setAttribute("aria-describedby", `${id}-help`);
    wrap.append(el("label", p.name.replace(/_/g, " "), { htmlFor: id }), input, el("span", p.description, { id: `${id}-help`, className: "hint" }));
    return wrap;
  }));
}

// submitAsk asks the question in the form; a date field that is not a date
// is refused here, and the API's refusals are shown with the field they name.
async function submitAsk(ev) {
  ev.preventDefault();
  const query = $("#ask-query").value;
  const params = {};
  const problem = $("#ask-error");
  problem.hidden = true;
  for (const input of document.querySelectorAll("#ask-fields [data-param]")) {
    input.removeAttribute("aria-invalid");
    const v = input.value.trim();
    if (!v) continue;
    if (input.dataset.type === "date" && parseDay(v).error) {
      input.setAttribute("aria-invalid", "true");
      problem.textContent = `${input.dataset.param}: ${parseDay(v).error}`;
      problem.hidden = false;
      input.focus();
      return;
    }
    params[input.dataset.param] = v;
  }
  const title = `${query.replace(/_/g, " ")}: ${Object.entries(params).map(([k, v]) => `${k} ${v}`).join(", ") || "defaults"}`;
  let answer;
  try {
    // Refused here, before the view changes; the answer is the table's.
    answer = await api(questionPath({ query, params }, ANSWER_ROWS));
  } catch (e) {
    problem.textContent = e.message;
    problem.hidden = false;
    const field = e.param && document.querySelector(`#ask-fields [data-param="${e.param}"]`);
    if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
    return;
  }
  await ask({ query, params, title }, answer);
}

// --- details panel ----------------------------------------------------------

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  Object.assign(e, attrs);
  return e;
}

// Properties the details leave out: bookkeeping shown by the history instead.
const QUIET = new Set(["seed_file", "status_history", "status_dates", "status_precisions", "status_on", "status", "recorded_by", "version_from"]);

// value reads a property as the analyst wants it: names for ids, lists
// joined, dates after the day in view marked later.
function value(k, v, props) {
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? nameOf(x) : JSON.stringify(x))).join(" · ");
  if (v && typeof v === "object") return JSON.stringify(v);
  if (typeof v === "string" && k !== "id" && state.names.has(v)) return `${nameOf(v)} (${v})`;
  if (typeof v === "string" && /_(on|since|until|from|date)$|^(since|until|date)$/.test(k) && !k.startsWith("recorded")) return shown(v, props[`${k}_precision`]);
  return String(v);
}

// show fills the details with what was clicked: its facts, its sources, and
// the History of the entity or fact it is (historyOf), if any.
function show(title, kind, props, sources, historyOf = null) {
  state.details.begin();
  historyControl(historyOf);
  const d = $("#facts");
  d.replaceChildren(el("h2", title));
  if (kind) d.lastChild.append(el("span", kind, { className: "kind" }));
  const dl = el("dl");
  const row = (k, text, later) => {
    const dd = el("dd", text);
    if (later) { dd.classList.add("later"); dd.append(el("span", ` later than ${dayShown()}`, { className: "later-mark" })); }
    dl.append(el("dt", k), dd);
  };
  if (props.status_history && props.status_history.length) {
    const now = statusOn(props, state.asOf);
    row(`status on ${dayShown()}`, now ? `${now.status} (since ${now.since})` : "none yet");
    const steps = el("ol", undefined, { className: "steps" });
    props.status_history.forEach((s, i) => {
      const date = (props.status_dates || [])[i];
      const li = el("li", `${s}, ${shown(date, (props.status_precisions || [])[i])}`);
      if (isAfter(date, state.asOf)) { li.classList.add("later"); li.append(el("span", " later", { className: "later-mark" })); }
      steps.append(li);
    });
    dl.append(el("dt", "status history"), el("dd"));
    dl.lastChild.append(steps);
  }
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || QUIET.has(k) || k.endsWith("_precision") || (Array.isArray(v) && v.length === 0)) continue;
    row(k, value(k, v, props), isDay(v) && isAfter(v, state.asOf));
  }
  d.append(dl);
  if (sources.length) {
    d.append(el("h2", `Sources (${sources.length})`));
    const ul = el("ul", undefined, { className: "sources" });
    for (const s of sources) ul.append(table.sourceItem(s));
    d.append(ul);
  }
}

// linkGroups lists an entity's relationships by type and direction with
// their counts; a group larger than what the entity shows links to all of
// it, page by page.
function linkGroups(groups) {
  if (!groups.length) return;
  const d = $("#facts");
  d.append(el("h2", "Relationships"));
  const ul = el("ul", undefined, { className: "link-groups" });
  for (const g of groups) {
    const li = el("li", `${g.direction === "out" ? "→" : "←"} ${g.type}: ${g.count.toLocaleString("en")}`);
    if (g.rest) li.append(" (", el("a", `${g.shown} shown; all, page by page`, { href: g.rest, target: "_blank", rel: "noopener" }), ")");
    ul.append(li);
  }
  d.append(ul);
}

// showEntity shows an entity's details; fresh says whether they are still
// wanted when they arrive (a click's, begun before its walk was read).
async function showEntity(id, fresh = state.details.begin()) {
  const e = await api(`/v1/entities/${encodeURIComponent(id)}?known_on=${knownOnParam()}`);
  if (!fresh()) return; // something newer was asked for meanwhile
  if (e.properties.name) state.names.set(e.id, e.properties.name);
  for (const l of e.links || []) if (l.other.name) state.names.set(l.other.id, l.other.name);
  const props = { id: e.id, ...e.properties };
  show(e.properties.name || e.id, e.kind, props, e.sources, id);
  linkGroups(e.link_groups || []);
}

// --- history ----------------------------------------------------------------

// historyControl puts the History button of an entity or fact (or none) in
// the details; the list stays open while the user moves between the times it
// lists. A redraw of the same one's details (a new date, a time picked in the
// list) keeps the button and the list as read where they are, marking the
// time picked: a click begun on the button as the details redraw (leaving
// the date field applies the date typed there) still lands on it.
function historyControl(id) {
  const part = $("#history-part");
  if (!id) { state.history = null; part.replaceChildren(); return; }
  if (state.history?.id === id) { state.history.mark(); return; }
  state.history = historyParts(id);
  part.replaceChildren(state.history.heading, state.history.box);
  state.history.open(state.historyOf === id);
}

function historyParts(id) {
  const toggle = el("button", "History", { type: "button", id: "history-toggle" });
  const box = el("div", undefined, { id: "history" });
  toggle.setAttribute("aria-controls", "history");
  const reads = new Latest(); // only the newest reading of the list is shown
  const mark = () => box.querySelectorAll("button.when").forEach((b) => {
    if (b.querySelector("time").dateTime === state.knownOn) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  });
  const open = (yes) => {
    toggle.setAttribute("aria-expanded", String(yes));
    state.historyOf = yes ? id : null;
    const fresh = reads.begin();
    if (!yes) { box.replaceChildren(); return; }
    showHistory(id)
      .catch((e) => el("p", e.message, { className: "problem" }))
      .then((shown) => { if (fresh()) { box.replaceChildren(shown); mark(); } });
  };
  toggle.addEventListener("click", () => open(state.historyOf !== id));
  const heading = el("h2");
  heading.append(toggle);
  return { id, heading, box, open, mark };
}

// showHistory lists the changes that touched an entity, newest first: when
// (a button that reads the graph as known then), what kind, who, why, and
// what each did to the entity's facts.
async function showHistory(id) {
  const { changes } = await api(`/v1/changes?entity=${encodeURIComponent(id)}&limit=200`);
  const ol = el("ol", undefined, { className: "history" });
  for (const c of changes) {
    const li = el("li");
    const at = el("button", undefined, { type: "button", className: "when", title: "Show the graph as known then" });
    at.append(el("time", when(c.recorded_at), { dateTime: c.recorded_at }));
    at.addEventListener("click", () => setKnownOn(c.recorded_at));
    li.append(at, el("span", c.kind, { className: "change-kind" }), el("span", ` by ${c.author}`));
    if (c.reason) li.append(el("p", c.reason, { className: "reason" }));
    // A seed load or import touches hundreds of facts: list this entity's own.
    const mine = c.facts.filter((f) => f.key === id || f.key.split(":").includes(id));
    const ul = el("ul", undefined, { className: "facts" });
    for (const f of mine) ul.append(el("li", `${factLabel(f.key)}: ${f.outcome}, v${f.version}`, { title: f.key }));
    if (c.facts.length > mine.length) ul.append(el("li", `and ${c.facts.length - mine.length} other facts`, { className: "hint" }));
    li.append(ul);
    ol.append(li);
  }
  return changes.length ? ol : el("p", "No recorded changes.", { className: "hint" });
}

async function source(id) {
  if (!state.sources.has(id)) {
    state.sources.set(id, api(`/v1/entities/${encodeURIComponent(id)}`).then((e) => ({ id, ...e.properties })).catch(() => ({ id })));
  }
  return state.sources.get(id);
}

// showEdge shows a relationship: its ends by name, its own dates and those
// of the fact it belongs to (an agreement's signing and status as of the
// day in view, a statement's date), its sources, and the fact's history.
async function showEdge(edge) {
  const fresh = state.details.begin();
  state.edge = edge.id();
  if (edge.id().startsWith("joined:")) {
    show(`${nameOf(edge.data("source"))} → ${nameOf(edge.data("target"))}`, edge.data("type"), { relationships: edge.data("count") }, []);
    $("#facts").append(el("p", "A group's relationships, joined into one edge: click the group to see them one by one.", { className: "hint" }));
    return;
  }
  const own = { ...edge.data("props") };
  const ids = Array.isArray(own.sources) ? own.sources : [];
  delete own.sources;
  const fact = typeof own.fact === "string" && !own.fact.includes(":") ? own.fact : null;
  const [sources, of] = await Promise.all([Promise.all(ids.map(source)),
    fact ? api(`/v1/entities/${encodeURIComponent(fact)}?known_on=${knownOnParam()}`).catch(() => null) : null]);
  if (!fresh()) return;
  const props = { relationship: edge.data("type"), from: edge.data("source"), to: edge.data("target") };
  for (const [k, v] of Object.entries(own)) if (!["fact", "owner", "recorded_by", "version"].includes(k)) props[k] = v;
  if (of) { // the fact's dates: what a PARTY_TO or ABOUT edge means on the day in view
    props.fact = of.properties.name || of.id;
    for (const k of ["signed_on", "said_on", "occurred_on", "started_on", "ended_on", "in_force_on", "status_history", "status_dates", "status_precisions"]) {
      if (of.properties[k] !== undefined) props[k] = of.properties[k];
    }
  }
  show(`${nameOf(edge.data("source"))} → ${nameOf(edge.data("target"))}`, edge.data("type"), props, sources,
    typeof own.fact === "string" ? own.fact : null);
}

// --- search -----------------------------------------------------------------

let searchTimer;
let hits = [];     // the hits the list offers
let found = null;  // {q, hits}: every hit of the latest search, for the Answer tab
let active = -1;
const searches = new Latest();
const OFFERED = 8;

function renderResults() {
  const ul = $("#results");
  ul.replaceChildren();
  hits.forEach((h, i) => {
    const li = el("li", h.name, { id: `hit-${i}` });
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", String(i === active));
    li.dataset.id = h.id;
    li.append(el("span", `${h.kind} · ${h.id}`, { className: "kind" }));
    li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(i); });
    ul.append(li);
  });
  $("#search").setAttribute("aria-activedescendant", active >= 0 ? `hit-${active}` : "");
}

// search asks once for a page of hits: the list offers the best few, and
// the Answer tab lists them all when one is picked. A slower answer to what
// was typed before is dropped.
async function search(q) {
  const fresh = searches.begin();
  if (!q.trim()) { hits = []; found = null; renderResults(); return; }
  let answer = [];
  try {
    answer = (await api(`/v1/search?q=${encodeURIComponent(q)}&limit=50&known_on=${knownOnParam()}`)).hits;
  } catch (e) {
    status(e.message);
  }
  if (!fresh()) return;
  found = { q, hits: answer };
  hits = answer.slice(0, OFFERED);
  active = hits.length ? 0 : -1;
  renderResults();
}

// pick opens a hit, and lists every hit of the search in the Answer tab.
function pick(i) {
  const h = hits[i];
  if (!h) return;
  searches.begin(); // a search still on its way must not offer its list again
  hits = [];
  renderResults();
  $("#search").value = h.name;
  openEntity(h.id).catch((e) => status(e.message));
  state.answers.begin(); // an answer still on its way must not replace these hits
  showHits(found.q, found.hits);
}

$("#search").addEventListener("input", (ev) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(ev.target.value), 180);
});
$("#search").addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowDown" && hits.length) { active = (active + 1) % hits.length; renderResults(); ev.preventDefault(); }
  if (ev.key === "ArrowUp" && hits.length) { active = (active - 1 + hits.length) % hits.length; renderResults(); ev.preventDefault(); }
  if (ev.key === "Escape") { hits = []; renderResults(); }
});
$("#search-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clearTimeout(searchTimer);
  const q = $("#search").value;
  if (!found || found.q !== q || !hits.length) await search(q);
  pick(Math.max(active, 0));
});


// --- review -----------------------------------------------------------------

const review = {
  cy: null,        // the drawing of the proposal under review, made when first shown
  shown: null,     // the review answer of the proposal under review
  document: "",    // its document as first shown, to tell whether the reviewer edited it
  decided: false,  // the graph changed: the explorer redraws when shown again
};

const reviewing = () => location.hash === "#review";
const mark = (e, yes, value = "true") => (yes ? e.setAttribute("aria-current", value) : e.removeAttribute("aria-current"));

// route shows the explorer or the review screen, as the URL's hash says.
function route() {
  const on = reviewing();
  document.querySelectorAll(".explore").forEach((e) => { e.hidden = on; });
  document.body.classList.toggle("exploring", !on);
  if (on) { $("#ask-form").hidden = true; $("#ask-toggle").setAttribute("aria-expanded", "false"); }
  $("#review").hidden = !on;
  mark($("#to-review"), on, "page");
  mark($("#to-explore"), !on, "page");
  showKnownOn();
  if (on) {
    keyState();
    loadProposals().catch((e) => showProblem($("#review-result"), e));
    return;
  }
  cy.resize();
  if (review.decided) {
    review.decided = false;
    state.history = null; // a decision is a change: the list is read again
    redraw().catch((e) => status(e.message));
  }
}

function keyState() {
  $("#key-state").textContent = sessionStorage.getItem(KEY) ? "A key is set for this tab." : "No key yet: you can read the queue, not decide.";
}

function saveKey() {
  const key = $("#api-key").value.trim();
  if (key) sessionStorage.setItem(KEY, key);
  $("#api-key").value = "";
  keyState();
}

// showProblem shows an API error readably: what went wrong, the parameter
// or field it names, and each problem of a refused document by line.
function showProblem(box, e) {
  box.classList.add("problem");
  box.replaceChildren(el("p", e instanceof Problem ? e.detail : e.message));
  if (e.param) box.append(el("p", `Field: ${e.param}`));
  if (e.status === 401) box.append(el("p", "Paste a reviewer's API key above."));
  if (e.status === 403) box.append(el("p", "This key may not do that: a reviewer's key is needed."));
  if (e.errors && e.errors.length) {
    const ul = el("ul");
    for (const f of e.errors) ul.append(el("li", `${[f.line && `line ${f.line}`, f.field].filter(Boolean).join(", ")}: ${f.reason}`));
    box.append(ul);
  }
  box.hidden = false;
}

async function loadProposals() {
  const { proposals } = await api("/v1/proposals?status=open", { auth: true });
  const items = await Promise.all(proposals.map(proposalItem));
  $("#proposal-list").replaceChildren(...(items.length ? items : [el("li", "No open proposals.", { className: "hint" })]));
}

// proposalItem shows one proposal in the queue: what it proposes, who
// proposed it when, how sure they are, and its evidence.
async function proposalItem(p) {
  const li = el("li", undefined, { className: "proposal" });
  li.dataset.id = p.id;
  mark(li, review.shown && review.shown.proposal.id === p.id);
  const open = el("button", p.facts.map(factLabel).join("; "), { type: "button", className: "open" });
  open.addEventListener("click", () => openProposal(p.id).catch((e) => showProblem($("#review-result"), e)));
  li.append(open, el("p", `by ${p.proposed_by} · ${when(p.proposed_at)} · confidence ${p.confidence}`, { className: "meta" }));
  if (p.note) li.append(el("p", p.note, { className: "note" }));
  const matches = p.matches || [];
  if (matches.length) {
    const conflicts = matches.filter((m) => m.relation === "conflict").length;
    li.append(el("p", `Of facts the graph holds: ${conflicts} in conflict, ${matches.length - conflicts} with a second source`, { className: "meta matches" }));
  }
  const ul = el("ul", undefined, { className: "evidence" });
  const sources = await Promise.all(p.evidence.map((e) => source(e.source)));
  p.evidence.forEach((e, i) => {
    const s = sources[i];
    const item = el("li");
    if (e.quote) item.append(el("blockquote", e.quote));
    item.append("— ", ...table.sourceParts(s));
    if (e.start !== undefined) item.append(el("span", ` characters ${e.start}–${e.end}`, { className: "reliability" }));
    if (e.fact) item.append(el("span", ` for ${factLabel(e.fact)}`, { className: "reliability" }));
    ul.append(item);
  });
  li.append(ul);
  return li;
}

// keyOf is the key of a document's item: its id, or for a relationship fact
// the key the API gives it.
function keyOf(section, item) {
  if (section === "memberships") return `membership:${item.country}:${item.bloc}:${item.since}`;
  if (section === "positions") return `position:${item.person}:${item.organization}:${item.since}`;
  if (section === "relations") return `relation:${item.from}:${item.type}:${item.to}`;
  return item.id;
}

const docItems = (doc) => Object.entries(doc || {}).flatMap(([section, list]) => (Array.isArray(list) ? list.map((item) => [section, item]) : []));

// The bookkeeping of a stored fact, left out when it is compared with a proposal.
const BOOKKEEPING = ["recorded_from", "recorded_until", "recorded_by", "closed_by", "version", "version_from", "owner", "fact", "seed_file"];

async function openProposal(id) {
  const r = await api(`/v1/proposals/${encodeURIComponent(id)}`, { auth: true });
  review.shown = r;
  document.querySelectorAll("#proposal-list li").forEach((li) => mark(li, li.dataset.id === id));
  $("#proposal").hidden = false;
  $("#pick-hint").hidden = true;
  $("#proposal-title").textContent = `Proposal ${r.proposal.id}`;
  for (const box of ["#proposal-problems", "#reject-error", "#decision-problem"]) $(box).hidden = true;
  if (r.problems && r.problems.length) showProblem($("#proposal-problems"), new Error(r.problems.join("; ")));
  $("#accept-note").value = "";
  $("#reject-reason").value = "";
  $("#reject-reason").removeAttribute("aria-invalid");

  // The document as JSON, pretty-printed; one proposed as YAML stays YAML.
  let doc = null;
  try { doc = JSON.parse(r.proposal.document); } catch { /* YAML */ }
  review.document = doc ? JSON.stringify(doc, null, 2) : r.proposal.document;
  $("#review-document").value = review.document;

  if (window.matchMedia("(max-width: 760px)").matches) $("#proposal").scrollIntoView();

  // Drawn first: the drawing tells the names the facts are then listed by.
  const facts = r.preview ? r.preview.facts : [];
  await drawCandidate(r, doc, facts).catch((e) => showProblem($("#proposal-problems"), e));
  $("#preview").replaceChildren(...facts.map((f) => {
    const li = el("li", undefined, { title: f.key });
    li.append(el("span", f.outcome, { className: `outcome ${f.outcome}` }), ` ${factLabel(f.key)}, v${f.version}`);
    return li;
  }));
  await compare(r, doc, facts.filter((f) => f.outcome === "changed"));
  await showMatches(r.proposal.matches || []);
}

// showMatches shows each fact the source states that the graph holds
// already: the fact as it is, beside what the source says of it and its
// words. Accepting leaves these facts as they are.
async function showMatches(matches) {
  const box = $("#matches");
  box.replaceChildren();
  if (!matches.length) return;
  box.append(el("h3", "Facts the graph holds already (accepting leaves them as they are)"));
  for (const m of matches) {
    const fact = await api(`/v1/entities/${encodeURIComponent(m.fact)}`).catch(() => null);
    const shown = fact ? Object.fromEntries(Object.entries(fact.properties).filter(([k]) => !BOOKKEEPING.includes(k))) : {};
    const item = el("div", undefined, { className: `match ${m.relation}` });
    item.dataset.fact = m.fact;
    const label = m.relation === "conflict" ? "conflicts with" : "adds a second source to";
    item.append(el("h4", `The source ${label} ${fact ? fact.properties.title || m.fact : m.fact}`));
    const pair = el("div", undefined, { className: "pair" });
    const holds = el("div", undefined, { className: "holds" });
    holds.append(el("h4", `The graph holds (v${fact ? fact.properties.version : "?"})`), el("pre", JSON.stringify(shown, null, 2)));
    const says = el("div", undefined, { className: "says" });
    says.append(el("h4", "The source says"), el("p", m.says), el("blockquote", m.evidence.quote), el("p", m.note, { className: "note" }));
    pair.append(holds, says);
    item.append(pair);
    box.append(item);
  }
}

// compare shows each fact the proposal would change: as it is now, beside
// what the proposal says.
async function compare(r, doc, changed) {
  const box = $("#compare");
  box.replaceChildren();
  for (const f of changed) {
    let now = r.current[f.key] && r.current[f.key].properties;
    if (!now) { // a relationship fact: found among its anchor entity's links
      const anchor = await api(`/v1/entities/${encodeURIComponent(f.key.split(":")[1])}`);
      const link = anchor.links.find((l) => l.properties.fact === f.key);
      now = link && link.properties;
    }
    const shown = Object.fromEntries(Object.entries(now || {}).filter(([k]) => !BOOKKEEPING.includes(k)));
    const proposed = docItems(doc).find(([section, item]) => keyOf(section, item) === f.key);
    const pair = el("div", undefined, { className: "pair" });
    const side = (title, text) => {
      const d = el("div");
      d.append(el("h4", title), el("pre", text));
      return d;
    };
    pair.append(side(`Now (v${(now && now.version) || f.version - 1})`, JSON.stringify(shown, null, 2)),
      side("Proposed", proposed ? JSON.stringify(proposed[1], null, 2) : "(see the document below)"));
    box.append(el("h3", factLabel(f.key)), pair);
  }
}

// The fields of a document's relationship facts that name their two ends.
const ENDS = { memberships: ["country", "bloc", "MEMBER_OF"], positions: ["person", "organization", "HOLDS_POSITION"], relations: ["from", "to"] };
const KINDS = { agreements: "Agreement", statements: "Statement", events: "Event", incidents: "Incident", sources: "Source" };

// drawCandidate draws the neighbourhood of the first entity the proposal
// names that the graph has, then the proposal's entities and facts on it,
// highlighted (facts from a YAML document are not drawn, only its entities).
async function drawCandidate(r, doc, facts) {
  if (!review.cy) review.cy = drawing($("#review-graph"));
  const rc = review.cy;
  rc.resize();
  rc.elements().remove();
  const p = r.proposal;
  const created = new Set(facts.filter((f) => f.outcome === "created").map((f) => f.key));
  const centre = p.entities.find((id) => !created.has(id));
  if (centre) add((await api(`/v1/entities/${encodeURIComponent(centre)}/neighbourhood?depth=1&limit=80&as_of=today`)).graph, rc);
  const nodes = [];
  for (const id of p.entities.filter((x) => rc.getElementById(x).empty())) {
    const known = await api(`/v1/entities/${encodeURIComponent(id)}`).catch(() => null);
    const found = docItems(doc).find(([, item]) => item.id === id);
    const kind = known ? known.kind : found && (KINDS[found[0]] || found[1].kind);
    nodes.push({ id, kind, name: known ? known.properties.name : found && (found[1].name || found[1].title) });
  }
  const edges = [];
  for (const [section, item] of docItems(doc)) {
    const ends = ENDS[section];
    if (ends) {
      edges.push({ id: `candidate:${keyOf(section, item)}`, source: String(item[ends[0]]), target: String(item[ends[1]]), type: ends[2] || item.type, properties: item });
      continue;
    }
    // An entity fact: an edge to each entity it names (parties, by, about, …).
    for (const [field, value] of Object.entries(item)) {
      if (field === "id" || field === "sources") continue;
      for (const v of [value].flat()) {
        const other = v && typeof v === "object" ? v.actor : v;
        if (other !== item.id && p.entities.includes(other)) {
          edges.push({ id: `candidate:${item.id}:${field}:${other}`, source: item.id, target: other, type: field, properties: {} });
        }
      }
    }
  }
  add({ nodes, edges }, rc);
  rc.nodes().filter((n) => p.entities.includes(n.id())).addClass("candidate");
  rc.edges().filter((e) => e.id().startsWith("candidate:")).addClass("candidate");
  rc.layout({ ...LAYOUT, randomize: true }).run();
}

// decide accepts or rejects the proposal under review, then refreshes the queue.
async function decide(action, body) {
  const id = review.shown.proposal.id;
  const problem = $("#decision-problem");
  problem.hidden = true;
  const buttons = document.querySelectorAll(".decide button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const answer = await api(`/v1/proposals/${encodeURIComponent(id)}/${action}`, { method: "POST", body, auth: true });
    const result = $("#review-result");
    result.classList.remove("problem");
    if (action === "accept") {
      const counts = Object.entries(answer.counts || {}).map(([k, n]) => `${n} ${k}`).join(", ");
      result.replaceChildren(el("p", `Accepted ${id}: change ${answer.change}${counts ? ` (${counts})` : ""}. `));
      const anchor = review.shown.proposal.entities[0];
      if (anchor) result.firstChild.append(el("a", "Open it in the explorer", { href: `/?entity=${encodeURIComponent(anchor)}` }));
      review.decided = true;
    } else {
      result.replaceChildren(el("p", `Rejected ${id}: ${answer.reason}`));
    }
    result.hidden = false;
    review.shown = null;
    $("#proposal").hidden = true;
    $("#pick-hint").hidden = false;
    await loadProposals();
  } catch (e) {
    showProblem(problem, e);
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

$("#key-form").addEventListener("submit", (ev) => { ev.preventDefault(); saveKey(); });
$("#api-key").addEventListener("change", saveKey);
$("#forget-key").addEventListener("click", () => { sessionStorage.removeItem(KEY); keyState(); });
$("#accept-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const body = {};
  const text = $("#review-document").value;
  if (text.trim() !== review.document.trim()) body.document = text; // as text: a refusal's lines are the text area's
  const note = $("#accept-note").value.trim();
  if (note) body.note = note;
  decide("accept", body);
});
$("#reject-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const field = $("#reject-reason");
  const reason = field.value.trim();
  const refusal = $("#reject-error");
  if (!reason) { // refused here, visibly; nothing is sent
    refusal.textContent = "Give a reason: a rejection says why.";
    refusal.hidden = false;
    field.setAttribute("aria-invalid", "true");
    field.focus();
    return;
  }
  refusal.hidden = true;
  field.removeAttribute("aria-invalid");
  decide("reject", { reason });
});

// --- wiring -----------------------------------------------------------------

cy.on("tap", "node", (ev) => select(ev.target.id()).catch((e) => status(e.message)));
cy.on("tap", "edge", (ev) => showEdge(ev.target).catch((e) => status(e.message)));
cy.on("mouseover", "edge", (ev) => ev.target.addClass("hover"));
cy.on("mouseout", "edge", (ev) => ev.target.removeClass("hover"));
cy.on("zoom", readable);

// The date applies on Enter or when the field is left, never per keystroke.
$("#as-of").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter") { ev.preventDefault(); applyTyped(); }
  if (ev.key === "Escape") setAsOf(state.asOf, { redraw: false });
});
$("#as-of").addEventListener("blur", applyTyped);
// The slider previews its date while it moves and applies it when let go
// (or per arrow key, which is a whole move).
$("#time-slider").addEventListener("input", (ev) => sliderLabel(Number(ev.target.value)));
$("#time-slider").addEventListener("pointerdown", () => { sliding = true; });
for (const end of ["pointerup", "pointercancel"]) window.addEventListener(end, () => { sliding = false; });
$("#time-slider").addEventListener("change", (ev) => {
  const k = state.keyDates[Number(ev.target.value)];
  if (k) setAsOf(k.date === today() ? "" : k.date);
});
$("#today").addEventListener("click", () => setAsOf(""));
$("#back-to-now").addEventListener("click", () => setKnownOn(""));
$("#show-more").addEventListener("click", () => showMore().catch((e) => status(e.message)));
$("#tab-answer").addEventListener("click", () => showTab("answer"));
$("#tab-timeline").addEventListener("click", () => showTab("timeline"));
$("#ask-toggle").addEventListener("click", () => {
  const open = $("#ask-form").hidden;
  $("#ask-form").hidden = !open;
  $("#ask-toggle").setAttribute("aria-expanded", String(open));
  if (open) askForm().catch((e) => { $("#ask-error").textContent = e.message; $("#ask-error").hidden = false; });
});
$("#ask-form").addEventListener("submit", (ev) => submitAsk(ev).catch((e) => status(e.message)));
window.addEventListener("hashchange", route);
document.querySelectorAll("[data-preset]").forEach((b) => b.addEventListener("click", () => runPreset(b.dataset.preset).catch((e) => status(e.message))));

// The legend is the filter: a shape and colour per kind, each a checkbox.
for (const [kind, colour] of Object.entries(COLOURS)) {
  if (kind === "Group") continue;
  const box = el("input", undefined, { type: "checkbox", checked: true, id: `kind-${kind}` });
  box.addEventListener("change", () => {
    if (box.checked) state.hidden.delete(kind); else state.hidden.add(kind);
    applyFilters();
    listNodes();
  });
  const lab = el("label", undefined, { htmlFor: box.id });
  lab.append(el("span", "", { className: `swatch shape-${SHAPES[kind]}`, style: `background:${colour}` }), kind);
  const wrap = el("span");
  wrap.append(box, lab);
  $("#kinds").append(wrap);
}

// Keep the drawing in view when the window or phone rotates.
window.addEventListener("resize", () => {
  for (const view of [cy, review.cy]) {
    if (view) { view.resize(); view.fit(undefined, 24); }
  }
});

setAsOf("", { redraw: false });
fillSlider();
route();
const start = new URLSearchParams(location.search).get("entity");
if (start) openEntity(start).catch((e) => status(e.message));

// For tests and the curious: the graph and the actions the page performs.
window.cyberkg = { cy, state, review, select, openEntity, runPreset, ask, redraw, setAsOf, setKnownOn, showEdge, ready: true };
