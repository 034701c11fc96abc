// description: The current state of the facts a change asserts: each fact's entity (if it is one) with its labels and properties, and the current relationships the fact declares, found from its anchor entity.
// param: facts list<map> -- One {key, anchor} per fact.
UNWIND $facts AS f
OPTIONAL MATCH (n:Entity {id: f.key})
CALL (f) {
  OPTIONAL MATCH (a:Entity {id: f.anchor})-[r]->(b:Entity)
  WHERE r.fact = f.key AND r.recorded_until IS NULL
  RETURN collect({element_id: elementId(r), type: type(r), from: a.id, to: b.id, props: properties(r)}) AS outgoing
}
CALL (f) {
  OPTIONAL MATCH (a:Entity {id: f.anchor})<-[r:PARTY_TO|ATTENDED]-(b:Entity)
  WHERE r.fact = f.key AND r.recorded_until IS NULL
  RETURN collect({element_id: elementId(r), type: type(r), from: b.id, to: a.id, props: properties(r)}) AS incoming
}
RETURN f.key AS key, labels(n) AS labels, properties(n) AS props, outgoing + incoming AS rels
