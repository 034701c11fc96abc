// What of a large neighbourhood is drawn: statements gathered by speaker,
// threat actors by suspected sponsor and sources into a count, then at most
// a budget of nodes, the ones the view is about first. Pure functions over
// the API's {nodes, edges}, tested without a browser (test-unit/logic.test.mjs).

// A group is drawn once it would stand for this many nodes (sources: two).
export const GROUP_AT = 5;

// groupKey is what a node is gathered under, or null. Only nodes the view is
// not about are gathered, and only those whose drawn links all go to one
// node for sources.
function groupKey(n, links) {
  if (n.group && n.group.by === "speaker") return { key: `speaker:${n.group.id}`, label: (k) => `${k} statements by ${n.group.name || n.group.id}`, at: GROUP_AT };
  if (n.group && n.group.by === "suspected_sponsor") return { key: `sponsor:${n.group.id}`, label: (k) => `${k} actors suspected of working for ${n.group.name || n.group.id}`, at: GROUP_AT };
  if (n.kind === "Source" && links.size === 1) {
    const [other] = links;
    return { key: `sources:${other}`, label: (k) => `${k} sources`, at: 2 };
  }
  return null;
}

// gather returns the graph as drawn: the members of each large enough group
// replaced by one node of kind "Group" (count, of: the members' kind), the
// edges to members joined into one edge per other end, type and direction
// (count). keep: ids never gathered; open: group ids shown node by node.
export function gather(graph, { keep = new Set(), open = new Set() } = {}) {
  const links = new Map(graph.nodes.map((n) => [n.id, new Set()]));
  for (const e of graph.edges) {
    links.get(e.source)?.add(e.target);
    links.get(e.target)?.add(e.source);
  }
  const candidates = new Map(); // group id -> {label, at, members, kind}
  for (const n of graph.nodes) {
    if (keep.has(n.id)) continue;
    const g = groupKey(n, links.get(n.id));
    if (!g) continue;
    const id = `group:${g.key}`;
    if (open.has(id)) continue;
    if (!candidates.has(id)) candidates.set(id, { ...g, members: [], kind: n.kind });
    candidates.get(id).members.push(n.id);
  }
  const memberOf = new Map();
  const nodes = [];
  for (const [id, g] of candidates) {
    if (g.members.length < g.at) continue;
    g.members.forEach((m) => memberOf.set(m, id));
    nodes.push({ id, kind: "Group", of: g.kind, count: g.members.length, name: g.label(g.members.length), members: g.members });
  }
  const drawnNodes = graph.nodes.filter((n) => !memberOf.has(n.id)).concat(nodes);
  const edges = new Map();
  for (const e of graph.edges) {
    const source = memberOf.get(e.source) || e.source;
    const target = memberOf.get(e.target) || e.target;
    if (source === e.source && target === e.target) {
      edges.set(e.id, e);
      continue;
    }
    if (source === target) continue; // between two members of one group
    const id = `joined:${source}:${e.type}:${target}`;
    const joined = edges.get(id) || { id, source, target, type: e.type, properties: {}, count: 0 };
    joined.count += 1;
    edges.set(id, joined);
  }
  return { nodes: drawnNodes, edges: [...edges.values()], groups: nodes };
}

// RANK orders kinds for the budget: what a diplomacy question is about first.
const RANK = ["Country", "Bloc", "Group", "Agreement", "Person", "Organization", "Incident", "Event", "ThreatActor", "Statement", "Source"];

// budget keeps at most max nodes: those in keep, then the rest by kind and
// by how many drawn links they have, ties by id so the cut is the same on
// every redraw. It returns the graph kept and how many nodes were left out.
export function budget(graph, max, keep = new Set()) {
  if (graph.nodes.length <= max) return { ...graph, left: 0 };
  const degree = new Map();
  for (const e of graph.edges) {
    degree.set(e.source, (degree.get(e.source) || 0) + 1);
    degree.set(e.target, (degree.get(e.target) || 0) + 1);
  }
  const rank = (n) => (keep.has(n.id) ? -1 : RANK.indexOf(n.kind) < 0 ? RANK.length : RANK.indexOf(n.kind));
  const ordered = [...graph.nodes].sort((a, z) => rank(a) - rank(z) || (degree.get(z.id) || 0) - (degree.get(a.id) || 0) || (a.id < z.id ? -1 : a.id > z.id ? 1 : 0));
  const kept = ordered.slice(0, max);
  const ids = new Set(kept.map((n) => n.id));
  return { ...graph, nodes: kept, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)), left: graph.nodes.length - kept.length };
}
