// description: One entity as the graph knew it on an instant: its labels (not :Retracted) and the properties of its version then, every relationship to another entity known then, and the sources those relationships and the entity itself cite. known is false, and links and sources null, when the entity was not known then; recorded_from and recorded_until say why. No row when no entity ever had the id.
// param: id string -- The entity's id.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (n:Entity {id: $id})
OPTIONAL CALL (n) {
  WITH n WHERE {{known(n)}}
  OPTIONAL MATCH (n)-[r]-(m:Entity) WHERE {{known(r)}} AND {{known(m)}}
  WITH n, r, m, {{as_known(m)}} AS mv ORDER BY type(r), m.id
  WITH n, collect(CASE WHEN r IS NULL THEN NULL ELSE {type: type(r), out: startNode(r) = n, other_id: m.id, other_labels: labels(m), other_name: mv.name, properties: properties(r)} END) AS links
  CALL (n, links) {
    MATCH (source:Entity:Source)
    WHERE (source.id IN reduce(acc = [], l IN links | acc + coalesce(l.properties.sources, []))
           OR EXISTS { MATCH (n)-[ri:REPORTED_IN]->(source) WHERE {{known(ri)}} })
      AND {{known(source)}}
    WITH {{as_known(source)}} AS s
    RETURN collect({{source_projection}}) AS sources
  }
  RETURN true AS known, {{as_known(n)}} AS version, links, sources
}
RETURN [l IN labels(n) WHERE l <> 'Retracted'] AS labels, properties(version) AS properties, links, sources,
       coalesce(known, false) AS known, n.recorded_from AS recorded_from, n.recorded_until AS recorded_until
