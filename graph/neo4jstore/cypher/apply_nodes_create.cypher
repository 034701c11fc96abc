// description: Creates new entities, each with its kind label and its first version's properties; counts them.
// param: rows list<map> -- One {kind, props} per entity; kind is one of graph.KindLabels (checked before).
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props, n:$(row.kind)
RETURN count(n)
