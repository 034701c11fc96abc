// description: The current state of the facts a change asserts or retracts: each fact's entity (if it is one) with its labels and properties; the current relationships the fact declares, found from its anchor entity; the highest version and the closing owner of its closed ones (a relationship fact that was retracted); and the other facts whose current relationships name the entity.
// An entity fact whose entity does not exist has no row: its relationships hang from that entity, so none can exist
// either, and an import of new facts skips the four lookups per fact.
// param: facts list<map> -- One {key, anchor} per fact.
UNWIND $facts AS f
OPTIONAL MATCH (n:Entity {id: f.key})
WITH f, n WHERE n IS NOT NULL OR f.anchor <> f.key
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
CALL (f) {
  MATCH (:Entity {id: f.anchor})-[r]->(:Entity)
  WHERE r.fact = f.key AND r.recorded_until IS NOT NULL
  WITH r ORDER BY r.recorded_until DESC
  RETURN max(coalesce(r.version, 1)) AS closed_version, head(collect(r.closed_owner)) AS closed_owner
}
CALL (n, f) {
  OPTIONAL MATCH (n)-[r]-(:Entity)
  WHERE r.recorded_until IS NULL AND r.fact IS NOT NULL AND r.fact <> f.key
  WITH DISTINCT r.fact AS other LIMIT 10
  RETURN collect(other) AS dependents
}
RETURN f.key AS key, labels(n) AS labels, properties(n) AS props, outgoing + incoming AS rels,
       closed_version, closed_owner, dependents
