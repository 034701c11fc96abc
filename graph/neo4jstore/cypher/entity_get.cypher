// description: One entity with its labels and properties, every relationship to another entity, and the sources those relationships and the entity itself cite.
// param: id string -- The entity's id.
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(m:Entity)
WITH n, r, m ORDER BY type(r), m.id
WITH n, collect(CASE WHEN r IS NULL THEN NULL ELSE {type: type(r), out: startNode(r) = n, other_id: m.id, other_labels: labels(m), other_name: m.name, properties: properties(r)} END) AS links
CALL (n, links) {
  MATCH (s:Entity:Source)
  WHERE s.id IN reduce(acc = [], l IN links | acc + coalesce(l.properties.sources, []))
     OR (n)-[:REPORTED_IN]->(s)
  RETURN collect({{source_projection}}) AS sources
}
RETURN labels(n) AS labels, properties(n) AS properties, links, sources
