// The cyberkg graph explorer: search, draw and expand neighbourhoods, see
// each node's and edge's facts, sources and history, move the "as of" date
// and read the graph as it was known at an earlier time. Its review screen
// (#review) lets a reviewer accept or reject proposed facts.
// Everything it loads comes from the cyberkg API on the same origin.
import cytoscape from "cytoscape";

const COLOURS = {
  Country: "#4C8EDA", Bloc: "#DA7194", Person: "#F79767", Organization: "#C990C0", ThreatActor: "#6C4A9E", Agreement: "#57C7E3",
  Statement: "#E6C34A", Event: "#8DCC93", Incident: "#F16667", Source: "#BDBDBD",
};

const PRESETS = {
  "headline-2021": { asOf: "2021-06-28", query: "members_with_agreement_by_bloc", params: { bloc: "BRICS", country: "RUS" } },
  "headline-today": { asOf: "", query: "members_with_agreement_by_bloc", params: { bloc: "BRICS", country: "RUS" } },
  "ready-2021": { asOf: "2021-06-28", query: "agreements_list_by_party", params: { party: "RUS", status: "ready-to-sign" } },
  colonial: { asOf: "", query: "attributions_list_by_incident", params: { incident: "colonial-pipeline-attack" } },
  khramov: { asOf: "", entity: "oleg-khramov" },
};

const $ = (sel) => document.querySelector(sel);
const state = {
  generation: 0,     // bumped whenever the view is replaced: late answers for an older view are dropped
  shown: 0,          // the latest details request; an older answer must not overwrite a newer one
  asOf: "",          // "" means today
  knownOn: "",       // "" means now; else the recorded time (RFC 3339) the graph is read as of
  selected: null,    // the entity whose details are shown
  historyOf: null,   // the entity whose history is open
  view: null,        // {entities: [ids]} or {preset: name}
  hidden: new Set(), // kinds filtered out
  sources: new Map(),
  names: new Map(),  // entity id -> name, as the API has told us
};

const STYLE = [
    { selector: "node", style: {
      "background-color": "data(colour)", label: "data(label)", "font-size": 10, "text-valign": "bottom",
      "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 120, width: 26, height: 26,
      "border-width": 1, "border-color": "#fff" } },
    { selector: "node[kind = 'Country'], node[kind = 'Bloc']", style: { width: 36, height: 36, "font-weight": "bold" } },
    { selector: "node.focus", style: { "border-width": 3, "border-color": "#1d2330" } },
    { selector: ":selected", style: { "overlay-opacity": 0.15, "overlay-color": "#0b6bcb" } },
    { selector: "edge", style: {
      width: 1.2, "line-color": "#B8C0CC", "target-arrow-color": "#B8C0CC", "target-arrow-shape": "triangle",
      "curve-style": "bezier", label: "data(type)", "font-size": 7, color: "#5b6475", "text-rotation": "autorotate" } },
    { selector: "edge[type = 'ATTRIBUTES']", style: { "line-color": "#EB2728", "target-arrow-color": "#EB2728", label: "data(verdict)" } },
    { selector: "edge[type = 'MEMBER_OF']", style: { "line-color": "#DA7194", "target-arrow-color": "#DA7194" } },
    { selector: "edge[type = 'PARTY_TO']", style: { "line-color": "#23B3D7", "target-arrow-color": "#23B3D7" } },
    // The review screen draws a proposal's entities and facts in their neighbourhood.
    { selector: "node.candidate", style: { "border-width": 4, "border-color": "#E8590C" } },
    { selector: "edge.candidate", style: { "line-style": "dashed", width: 2.5, "line-color": "#E8590C", "target-arrow-color": "#E8590C", color: "#E8590C" } },
];

// drawing makes a graph view with the explorer's look.
const drawing = (container) => cytoscape({ container, minZoom: 0.2, maxZoom: 3, wheelSensitivity: 0.3, style: STYLE });
// The layout fits the drawing to the view when it stops.
const LAYOUT = { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, fit: true, padding: 30, randomize: true };

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
const knownOnParam = () => encodeURIComponent(state.knownOn || "now");
const status = (text) => { $("#status").textContent = text; };
// 2026-11-29T17:25:17.979372403Z -> 2026-11-29 17:25:17 UTC
const when = (t) => t.replace("T", " ").replace(/\.\d+/, "").replace(/Z$/, " UTC");
const nameOf = (id) => state.names.get(id) || id;

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
  return name.length > 32 ? `${name.slice(0, 30)}…` : name;
}

function add(graph, into = cy) {
  const added = [];
  for (const n of graph.nodes) {
    if (n.name) state.names.set(n.id, n.name);
    if (into.getElementById(n.id).empty()) {
      added.push({ group: "nodes", data: { id: n.id, label: label(n), kind: n.kind, name: n.name, colour: COLOURS[n.kind] || "#A5ABB6" } });
    }
  }
  for (const e of graph.edges) {
    if (into.getElementById(e.id).empty()) {
      added.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type,
        verdict: e.properties.verdict || e.type, props: e.properties } });
    }
  }
  // Edges whose ends are not drawn are skipped, not errors.
  into.add(added.filter((el) => el.group === "nodes"));
  into.add(added.filter((el) => el.group === "edges" && into.getElementById(el.data.source).nonempty() && into.getElementById(el.data.target).nonempty()));
  return added.length;
}

function layout() {
  applyFilters();
  cy.layout(LAYOUT).run();
  listNodes();
}

function applyFilters() {
  cy.nodes().forEach((n) => n.style("display", state.hidden.has(n.data("kind")) ? "none" : "element"));
}

function listNodes() {
  const list = $("#node-list");
  list.replaceChildren();
  const nodes = cy.nodes().filter((n) => !state.hidden.has(n.data("kind"))).sort((a, b) => a.data("label").localeCompare(b.data("label")));
  for (const n of nodes) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = n.data("label");
    b.dataset.id = n.id();
    b.addEventListener("click", () => select(n.id()));
    const k = document.createElement("span");
    k.className = "kind";
    k.textContent = n.data("kind");
    li.append(b, k);
    list.append(li);
  }
  const known = state.knownOn ? `, as known on ${when(state.knownOn)}` : "";
  status(`${cy.nodes().length} nodes, ${cy.edges().length} edges, as of ${state.asOf || "today"}${known}`);
}

// --- what the user does -----------------------------------------------------

function clear() {
  state.generation += 1;
  cy.elements().remove();
}

async function expand(id, { relayout = true } = {}) {
  const generation = state.generation;
  const answer = await api(`/v1/entities/${encodeURIComponent(id)}/neighbourhood?depth=1&limit=80&as_of=${asOfParam()}&known_on=${knownOnParam()}`);
  if (generation !== state.generation) return;
  add(answer.graph);
  cy.getElementById(id).addClass("focus");
  if (relayout) layout();
}

async function select(id) {
  state.selected = id;
  cy.elements().unselect();
  cy.getElementById(id).select();
  if (!state.view || !state.view.entities) state.view = { entities: [] };
  if (!state.view.entities.includes(id)) state.view.entities.push(id);
  await Promise.all([expand(id), showEntity(id)]);
}

async function openEntity(id) {
  clear();
  state.view = { entities: [] };
  await select(id);
}

async function runPreset(name, { keepDate = false } = {}) {
  const p = PRESETS[name];
  if (!keepDate) setAsOf(p.asOf, { redraw: false });
  state.view = { preset: name };
  state.selected = null;
  clear();
  const generation = state.generation;
  if (p.entity) {
    state.view = { entities: [p.entity] };
    state.selected = p.entity;
    await expand(p.entity);
    await showEntity(p.entity);
    return;
  }
  const q = new URLSearchParams({ format: "json", include_sources: "false", as_of: asOfParam(), known_on: state.knownOn || "now", query: p.query });
  for (const [k, v] of Object.entries(p.params)) q.set(`param.${k}`, v);
  q.set("param.as_of", asOfParam());
  const graph = await api(`/v1/export?${q}`);
  if (generation !== state.generation) return;
  add(graph);
  layout();
  showPreset(name);
  if (graph.truncated) status(`${$("#status").textContent}; the answer is longer than its first page: this shows what its first 100 rows name`);
}

async function redraw() {
  const view = state.view;
  if (!view) return;
  if (view.preset) return runPreset(view.preset, { keepDate: true });
  clear();
  // An entity not known at the time asked (or not yet valid) is skipped, and said.
  const missing = [];
  for (const id of view.entities) await expand(id, { relayout: false }).catch(() => missing.push(id));
  layout();
  if (missing.length) status(`Not in the graph as asked: ${missing.map(nameOf).join(", ")}`);
  if (state.selected) {
    cy.getElementById(state.selected).select();
    await showEntity(state.selected);
  }
}

function setAsOf(date, { redraw: again = true } = {}) {
  state.asOf = date;
  $("#as-of").value = date || new Date().toISOString().slice(0, 10);
  if (again) redraw().catch((e) => status(e.message));
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

// --- details panel ----------------------------------------------------------

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  Object.assign(e, attrs);
  return e;
}

function show(title, kind, props, sources) {
  state.shown += 1;
  const d = $("#details");
  d.replaceChildren(el("h2", title));
  if (kind) d.lastChild.append(el("span", kind, { className: "kind" }));
  const dl = el("dl");
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || k === "seed_file" || (Array.isArray(v) && v.length === 0)) continue;
    dl.append(el("dt", k), el("dd", Array.isArray(v) ? v.join(" · ") : typeof v === "object" ? JSON.stringify(v) : String(v)));
  }
  d.append(dl);
  if (sources.length) {
    d.append(el("h2", "Sources"));
    const ul = el("ul", undefined, { className: "sources" });
    for (const s of sources) {
      const li = el("li");
      if (s.url) li.append(el("a", s.title || s.id, { href: s.url, target: "_blank", rel: "noopener noreferrer" }));
      else li.append(el("span", s.title || s.id));
      li.append(el("span", ` ${s.publisher || ""}`), el("span", s.reliability ? ` (reliability ${s.reliability})` : "", { className: "reliability" }));
      ul.append(li);
    }
    d.append(ul);
  }
}

// linkGroups lists an entity's relationships by type and direction with
// their counts; a group larger than what the entity shows links to all of
// it, page by page.
function linkGroups(groups) {
  if (!groups.length) return;
  const d = $("#details");
  d.append(el("h2", "Relationships"));
  const ul = el("ul", undefined, { className: "link-groups" });
  for (const g of groups) {
    const li = el("li", `${g.direction === "out" ? "→" : "←"} ${g.type}: ${g.count.toLocaleString("en")}`);
    if (g.rest) li.append(" (", el("a", `${g.shown} shown; all, page by page`, { href: g.rest, target: "_blank", rel: "noopener" }), ")");
    ul.append(li);
  }
  d.append(ul);
}

async function showEntity(id) {
  const ticket = ++state.shown;
  const e = await api(`/v1/entities/${encodeURIComponent(id)}?known_on=${knownOnParam()}`);
  if (ticket !== state.shown) return; // something newer was asked for meanwhile
  if (e.properties.name) state.names.set(e.id, e.properties.name);
  const props = { id: e.id, ...e.properties };
  show(e.properties.name || e.id, e.kind, props, e.sources);
  linkGroups(e.link_groups || []);
  historyControl(id);
}

// --- history ----------------------------------------------------------------

// historyControl adds the History button to an entity's details; the list
// stays open while the user moves between the times it lists.
function historyControl(id) {
  const toggle = el("button", "History", { type: "button", id: "history-toggle" });
  const box = el("div", undefined, { id: "history" });
  toggle.setAttribute("aria-controls", "history");
  const open = (yes) => {
    toggle.setAttribute("aria-expanded", String(yes));
    state.historyOf = yes ? id : null;
    box.replaceChildren();
    if (yes) showHistory(id, box).catch((e) => box.replaceChildren(el("p", e.message, { className: "problem" })));
  };
  toggle.addEventListener("click", () => open(state.historyOf !== id));
  const heading = el("h2");
  heading.append(toggle);
  $("#details").append(heading, box);
  open(state.historyOf === id);
}

// showHistory lists the changes that touched an entity, newest first: when
// (a button that reads the graph as known then), what kind, who, why, and
// what each did to the entity's facts.
async function showHistory(id, box) {
  const { changes } = await api(`/v1/changes?entity=${encodeURIComponent(id)}&limit=200`);
  const ol = el("ol", undefined, { className: "history" });
  for (const c of changes) {
    const li = el("li");
    const at = el("button", undefined, { type: "button", className: "when", title: "Show the graph as known then" });
    at.append(el("time", when(c.recorded_at), { dateTime: c.recorded_at }));
    if (c.recorded_at === state.knownOn) at.setAttribute("aria-current", "true");
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
  box.replaceChildren(changes.length ? ol : el("p", "No recorded changes.", { className: "hint" }));
}

async function source(id) {
  if (!state.sources.has(id)) {
    state.sources.set(id, api(`/v1/entities/${encodeURIComponent(id)}`).then((e) => ({ id, ...e.properties })).catch(() => ({ id })));
  }
  return state.sources.get(id);
}

async function showEdge(edge) {
  const ticket = ++state.shown;
  const props = { type: edge.data("type"), from: edge.data("source"), to: edge.data("target"), ...edge.data("props") };
  const ids = Array.isArray(props.sources) ? props.sources : [];
  delete props.sources;
  const sources = await Promise.all(ids.map(source));
  if (ticket !== state.shown) return;
  show(`${props.from} → ${props.to}`, props.type, props, sources);
}

function showPreset(name) {
  const button = document.querySelector(`[data-preset="${name}"]`);
  show(button ? button.textContent : name, "question", { as_of: state.asOf || "today", nodes: cy.nodes().length }, []);
}

// --- search -----------------------------------------------------------------

let searchTimer;
let hits = [];
let active = -1;

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

async function search(q) {
  if (!q.trim()) { hits = []; renderResults(); return; }
  try {
    hits = (await api(`/v1/search?q=${encodeURIComponent(q)}&limit=8&known_on=${knownOnParam()}`)).hits;
    active = hits.length ? 0 : -1;
  } catch (e) {
    hits = [];
    status(e.message);
  }
  renderResults();
}

function pick(i) {
  const h = hits[i];
  if (!h) return;
  hits = [];
  renderResults();
  $("#search").value = h.name;
  openEntity(h.id).catch((e) => status(e.message));
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
  if (!hits.length) await search($("#search").value);
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
    const from = s.url ? el("a", s.title || s.id, { href: s.url, target: "_blank", rel: "noopener noreferrer" }) : el("span", s.title || s.id);
    item.append("— ", from, el("span", `${s.publisher ? ` ${s.publisher}` : ""}${s.reliability ? ` (reliability ${s.reliability})` : ""}`, { className: "reliability" }));
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
  rc.layout(LAYOUT).run();
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
$("#as-of").addEventListener("change", (ev) => setAsOf(ev.target.value === new Date().toISOString().slice(0, 10) ? "" : ev.target.value));
$("#today").addEventListener("click", () => setAsOf(""));
$("#back-to-now").addEventListener("click", () => setKnownOn(""));
window.addEventListener("hashchange", route);
document.querySelectorAll("[data-preset]").forEach((b) => b.addEventListener("click", () => runPreset(b.dataset.preset).catch((e) => status(e.message))));

for (const [kind, colour] of Object.entries(COLOURS)) {
  const box = el("input", undefined, { type: "checkbox", checked: true, id: `kind-${kind}` });
  box.addEventListener("change", () => {
    if (box.checked) state.hidden.delete(kind); else state.hidden.add(kind);
    applyFilters();
    listNodes();
  });
  const lab = el("label", undefined, { htmlFor: box.id });
  lab.append(el("span", "", { className: "swatch", style: `background:${colour}` }), kind);
  const wrap = el("span");
  wrap.append(box, lab);
  $("#kinds").append(wrap);
}

// Keep the drawing in view when the window or phone rotates.
window.addEventListener("resize", () => {
  for (const view of [cy, review.cy]) {
    if (view) { view.resize(); view.fit(undefined, 30); }
  }
});

setAsOf("", { redraw: false });
route();
const start = new URLSearchParams(location.search).get("entity");
if (start) openEntity(start).catch((e) => status(e.message));

// For tests and the curious: the graph and the actions the page performs.
window.cyberkg = { cy, state, review, select, openEntity, runPreset, setAsOf, setKnownOn, ready: true };
