// description: One entity as the graph knew it on an instant: its labels (not :Retracted) and the properties of its version then; its relationships to other entities known then, grouped by type and direction, each group with its count and its first few links (by the other end's id); and the sources the entity and the links shown cite. known is false, and groups and sources null, when the entity was not known then; recorded_from and recorded_until say why. No row when no entity ever had the id.
// param: id string -- The entity's id.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// param: per_group integer -- The most links shown of each group.
MATCH (n:Entity {id: $id})
OPTIONAL CALL (n) {
  WITH n WHERE {{known(n)}}
  OPTIONAL MATCH (n)-[r]-(m:Entity) WHERE {{known(r)}} AND {{known(m)}}
  WITH n, r, m ORDER BY type(r), m.id
  WITH n, type(r) AS type, startNode(r) = n AS out, count(r) AS count, collect({r: r, m: m})[0..$per_group] AS first
  CALL (first) {
    UNWIND first AS x
    WITH x.r AS r, x.m AS m
    RETURN collect({other_id: m.id, other_labels: labels(m), other_name: {{as_known(m)}}.name, properties: properties(r)}) AS links
  }
  WITH n, collect(CASE WHEN type IS NULL THEN NULL ELSE {type: type, out: out, count: count, links: links} END) AS groups
  CALL (n, groups) {
    MATCH (source:Entity:Source)
    WHERE (source.id IN reduce(acc = [], g IN groups | acc + reduce(ids = [], l IN g.links | ids + coalesce(l.properties.sources, [])))
           OR EXISTS { MATCH (n)-[ri:REPORTED_IN]->(source) WHERE {{known(ri)}} })
      AND {{known(source)}}
    WITH {{as_known(source)}} AS s
    RETURN collect({{source_projection}}) AS sources
  }
  RETURN true AS known, {{as_known(n)}} AS version, groups, sources
}
RETURN [l IN labels(n) WHERE l <> 'Retracted'] AS labels, properties(version) AS properties, groups, sources,
       coalesce(known, false) AS known, n.recorded_from AS recorded_from, n.recorded_until AS recorded_until
