// description: The labels of each entity among the ids that exists; ids with no entity give no row.
// param: ids list<string> -- The entity ids to look up.
MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, labels(n) AS labels
