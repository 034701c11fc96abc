// The cyberkg graph explorer: search, draw and expand neighbourhoods, see
// each node's and edge's facts and sources, and move the "as of" date.
// Everything it loads comes from the cyberkg API on the same origin.
import cytoscape from "cytoscape";

const COLOURS = {
  Country: "#4C8EDA", Bloc: "#DA7194", Person: "#F79767", Organization: "#C990C0", Agreement: "#57C7E3",
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
  view: null,        // {entities: [ids]} or {preset: name}
  hidden: new Set(), // kinds filtered out
  sources: new Map(),
};

const cy = cytoscape({
  container: $("#graph"),
  minZoom: 0.2,
  maxZoom: 3,
  wheelSensitivity: 0.3,
  style: [
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
  ],
});

// --- talking to the API -----------------------------------------------------

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(body.detail ? `${body.detail}${body.param ? ` (${body.param})` : ""}` : `HTTP ${res.status}`);
  }
  return body;
}

const asOfParam = () => state.asOf || "today";
const status = (text) => { $("#status").textContent = text; };

// --- drawing ----------------------------------------------------------------

function label(node) {
  if (node.kind === "Country" || node.kind === "Bloc") return node.id;
  const name = node.name || node.id;
  return name.length > 32 ? `${name.slice(0, 30)}…` : name;
}

function add(graph) {
  const added = [];
  for (const n of graph.nodes) {
    if (cy.getElementById(n.id).empty()) {
      added.push({ group: "nodes", data: { id: n.id, label: label(n), kind: n.kind, name: n.name, colour: COLOURS[n.kind] || "#A5ABB6" } });
    }
  }
  for (const e of graph.edges) {
    if (cy.getElementById(e.id).empty()) {
      added.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type,
        verdict: e.properties.verdict || e.type, props: e.properties } });
    }
  }
  // Edges whose ends are not drawn are skipped, not errors.
  cy.add(added.filter((el) => el.group === "nodes"));
  cy.add(added.filter((el) => el.group === "edges" && !cy.getElementById(el.data.source).empty() && !cy.getElementById(el.data.target).empty()));
  return added.length;
}

function layout() {
  applyFilters();
  // The layout fits the drawing to the view when it stops.
  cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true, fit: true, padding: 30, randomize: true }).run();
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
  status(`${cy.nodes().length} nodes, ${cy.edges().length} edges, as of ${state.asOf || "today"}`);
}

// --- what the user does -----------------------------------------------------

function clear() {
  state.generation += 1;
  cy.elements().remove();
}

async function expand(id, { relayout = true } = {}) {
  const generation = state.generation;
  const answer = await api(`/v1/entities/${encodeURIComponent(id)}/neighbourhood?depth=1&limit=80&as_of=${asOfParam()}`);
  if (generation !== state.generation) return;
  add(answer.graph);
  cy.getElementById(id).addClass("focus");
  if (relayout) layout();
}

async function select(id) {
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
  clear();
  const generation = state.generation;
  if (p.entity) {
    state.view = { entities: [p.entity] };
    await expand(p.entity);
    await showEntity(p.entity);
    return;
  }
  const q = new URLSearchParams({ format: "json", include_sources: "false", as_of: asOfParam(), query: p.query });
  for (const [k, v] of Object.entries(p.params)) q.set(`param.${k}`, v);
  q.set("param.as_of", asOfParam());
  const graph = await api(`/v1/export?${q}`);
  if (generation !== state.generation) return;
  add(graph);
  layout();
  showPreset(name);
}

async function redraw() {
  const view = state.view;
  if (!view) return;
  if (view.preset) return runPreset(view.preset, { keepDate: true });
  clear();
  for (const id of view.entities) await expand(id, { relayout: false });
  layout();
  const selected = cy.$(":selected");
  if (selected.nonempty()) showEntity(selected[0].id());
}

function setAsOf(date, { redraw: again = true } = {}) {
  state.asOf = date;
  $("#as-of").value = date || new Date().toISOString().slice(0, 10);
  if (again) redraw().catch((e) => status(e.message));
}

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

async function showEntity(id) {
  const ticket = ++state.shown;
  const e = await api(`/v1/entities/${encodeURIComponent(id)}`);
  if (ticket !== state.shown) return; // something newer was asked for meanwhile
  const props = { id: e.id, ...e.properties };
  show(e.properties.name || e.id, e.kind, props, e.sources);
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
    hits = (await api(`/v1/search?q=${encodeURIComponent(q)}&limit=8`)).hits;
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

// --- wiring -----------------------------------------------------------------

cy.on("tap", "node", (ev) => select(ev.target.id()).catch((e) => status(e.message)));
cy.on("tap", "edge", (ev) => showEdge(ev.target).catch((e) => status(e.message)));
$("#as-of").addEventListener("change", (ev) => setAsOf(ev.target.value === new Date().toISOString().slice(0, 10) ? "" : ev.target.value));
$("#today").addEventListener("click", () => setAsOf(""));
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
window.addEventListener("resize", () => { cy.resize(); cy.fit(undefined, 30); });

setAsOf("", { redraw: false });
const start = new URLSearchParams(location.search).get("entity");
if (start) openEntity(start).catch((e) => status(e.message));

// For tests and the curious: the graph and the actions the page performs.
window.cyberkg = { cy, state, select, openEntity, runPreset, setAsOf, ready: true };
