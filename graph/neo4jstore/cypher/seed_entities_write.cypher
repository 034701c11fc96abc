// description: Writes the entities of one kind: each one's properties are replaced and its kind label set, any other kind label removed; counts them.
// param: rows list<map> -- One {id, props} per entity.
// param: kind string -- The kind label, one of graph.KindLabels (checked before the load).
// param: kinds list<string> -- Every kind label, graph.KindLabels.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:$($kinds)
SET n:$($kind)
RETURN count(n)
