// description: The labels of each entity among the ids that the graph knew on an instant; ids with no such entity (none, retracted, not yet recorded) give no row.
// param: ids list<string> -- The entity ids to look up.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (n:Entity) WHERE n.id IN $ids AND {{known(n)}} RETURN n.id AS id, labels(n) AS labels
