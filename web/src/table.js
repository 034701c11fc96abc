// The answer of a question as a table: names instead of ids, dates to their
// precision with those after the day in view marked, sources collapsed into
// a count, sortable by any column, and its text for the clipboard (TSV) and
// for a file (CSV). Shared by presets, catalog questions, search and the
// entity timeline. Cells are built with textContent only: the graph's text
// is never read as HTML.
import { isAfter, isDay, shown } from "./dates.js";

// shape reads the columns of an answer: X_name and X_precision are folded
// into column X, which shows the name (the id on hover) or the date as
// precisely as it is known.
// A "title" right after an id column without a name of its own (agreement,
// title) is that column's name too.
export function shape(columns) {
  const has = new Set(columns);
  const titled = columns.find((c, i) => columns[i + 1] === "title" && !has.has(`${c}_name`));
  return columns
    .filter((c) => !(c.endsWith("_name") && has.has(c.slice(0, -5))) && !(c.endsWith("_precision") && has.has(c.slice(0, -10))))
    .filter((c) => !(c === "title" && titled) && !(c === "precision" && has.has("date")))
    .map((c) => ({ key: c, name: has.has(`${c}_name`) ? `${c}_name` : c === titled ? "title" : null,
      precision: has.has(`${c}_precision`) ? `${c}_precision` : c === "date" && has.has("precision") ? "precision" : null }));
}

// ids lists the entity ids a row names, nested lists included: the graph
// highlights them when the row is under the cursor. Names, titles, texts,
// precisions, sources and dates are not ids.
const NOT_IDS = /_name$|_precision$|^(precision|title|summary|note|sources|name|aliases)$/;
export function ids(row) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string" && !isDay(v)) out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object" && typeof v.id === "string") out.add(v.id);
  };
  Object.entries(row).forEach(([k, v]) => { if (!NOT_IDS.test(k)) walk(v); });
  return [...out];
}

// cell is what one value reads as: text, a sort key, whether it lies after
// the day in view, and for sources the list behind the count.
export function cell(row, col, { day, nameOf }) {
  const v = row[col.key];
  if (col.key === "sources" && Array.isArray(v)) {
    return { text: `${v.length} source${v.length === 1 ? "" : "s"}`, sort: v.length, sources: v };
  }
  if (v === null || v === undefined) return { text: "", sort: "" };
  if (isDay(v)) {
    const precision = col.precision ? row[col.precision] : null;
    return { text: shown(v, precision), sort: v, later: isAfter(v, day) };
  }
  if (col.name && typeof v === "string") return { text: row[col.name] || nameOf(v), sort: row[col.name] || v, title: v };
  if (Array.isArray(v)) {
    const text = v.map((x) => (x && typeof x === "object" ? x.name || x.title || x.summary || x.id || JSON.stringify(x) : nameOf(String(x)))).join("; ");
    return { text, sort: text, title: v.every((x) => typeof x === "string") ? v.join(", ") : undefined };
  }
  if (typeof v === "object") {
    const text = Object.entries(v).map(([k, n]) => `${k} ${n}`).join(", ");
    return { text, sort: text };
  }
  if (typeof v === "number") return { text: v.toLocaleString("en"), sort: v };
  return { text: String(v), sort: String(v) };
}

// csvField quotes a field as RFC 4180 asks.
const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

// inert keeps a spreadsheet from reading a copied or downloaded cell as a
// formula: text from the graph (a quote, an article's title) that begins
// with = + - or @ gets a leading apostrophe. Numbers, negative ones too, stay.
export const inert = (s) => (/^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s);

// render builds the table into container and returns {text(separator)}: the
// rows as shown, in their current order, as TSV or CSV. onHover gets the
// ids of the row under the cursor (null when it leaves); onPick the row's
// first id when a row is clicked or Enter pressed on it.
export function render(container, { columns, rows, day, nameOf = (id) => id, onHover = () => {}, onPick = () => {}, caption }) {
  const cols = shape(columns);
  const cells = rows.map((row) => cols.map((c) => cell(row, c, { day, nameOf })));
  let order = rows.map((_, i) => i);
  const table = document.createElement("table");
  table.className = "answer";
  if (caption) table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  let sorted = { col: -1, dir: 1 };

  cols.forEach((c, ci) => {
    const th = document.createElement("th");
    th.scope = "col";
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = c.key.replace(/_/g, " ");
    b.addEventListener("click", () => {
      sorted = { col: ci, dir: sorted.col === ci ? -sorted.dir : 1 };
      order.sort((a, z) => compare(cells[a][ci].sort, cells[z][ci].sort) * sorted.dir || a - z);
      head.querySelectorAll("th").forEach((h, i) => (i === ci ? h.setAttribute("aria-sort", sorted.dir > 0 ? "ascending" : "descending") : h.removeAttribute("aria-sort")));
      fill();
    });
    th.append(b);
    head.append(th);
  });

  function fill() {
    body.replaceChildren(...order.map((ri) => {
      const tr = document.createElement("tr");
      tr.tabIndex = 0;
      tr.dataset.row = String(ri);
      const named = ids(rows[ri]);
      tr.addEventListener("mouseenter", () => onHover(named));
      tr.addEventListener("focus", () => onHover(named));
      tr.addEventListener("mouseleave", () => onHover(null));
      tr.addEventListener("blur", () => onHover(null));
      tr.addEventListener("click", (ev) => { if (!ev.target.closest("a, summary")) onPick(named); });
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onPick(named); });
      cells[ri].forEach((c) => tr.append(td(c)));
      return tr;
    }));
  }
  fill();
  container.replaceChildren(table);
  return {
    text: (sep) => {
      const quote = sep === "," ? (s) => csvField(inert(s)) : (s) => inert(s).replace(/[\t\r\n]+/g, " ");
      const lines = [cols.map((c) => quote(c.key)).join(sep)];
      for (const ri of order) lines.push(cells[ri].map((c) => quote(c.sources ? c.sources.map((s) => s.url || s.id).join(" ") : c.text)).join(sep));
      return lines.join("\r\n") + "\r\n";
    },
  };
}

function compare(a, z) {
  if (typeof a === "number" && typeof z === "number") return a - z;
  return String(a).localeCompare(String(z), "en", { numeric: true });
}

// sourceParts is a source as its title, linked to its URL (in a new tab),
// then its publisher and reliability. Only web addresses become links: a
// source's URL comes from the data (an import, an ingested article), and a
// javascript: one would run here.
export function sourceParts(src) {
  const linked = typeof src.url === "string" && /^https?:\/\//i.test(src.url);
  const a = document.createElement(linked ? "a" : "span");
  a.textContent = src.title || src.id;
  if (linked) Object.assign(a, { href: src.url, target: "_blank", rel: "noopener noreferrer" });
  const about = document.createElement("span");
  about.className = "reliability";
  about.textContent = `${src.publisher ? ` ${src.publisher}` : ""}${src.reliability ? ` (reliability ${src.reliability})` : ""}`;
  return [a, about];
}

// sourceItem is a source as a list item; the details panel lists sources with it too.
export function sourceItem(src) {
  const li = document.createElement("li");
  li.append(...sourceParts(src));
  return li;
}

function td(c) {
  const e = document.createElement("td");
  if (c.title) e.title = c.title;
  if (c.sources) {
    const d = document.createElement("details");
    const s = document.createElement("summary");
    s.textContent = c.text;
    const ul = document.createElement("ul");
    for (const src of c.sources) ul.append(sourceItem(src));
    d.append(s, ul);
    e.append(d);
    return e;
  }
  e.textContent = c.text;
  if (c.later) {
    e.classList.add("later");
    const m = document.createElement("span");
    m.className = "later-mark";
    m.textContent = " later";
    m.title = "after the date in view";
    e.append(m);
  }
  return e;
}
