// description: Every relationship between two of the entities given that held on a date, as the graph knew them on an instant.
// param: ids list<string> -- The entity ids.
// param: as_of date -- The date the relationships must hold on.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (m:Entity)-[r]->(n:Entity)
WHERE m.id IN $ids AND n.id IN $ids AND {{held_as_of}} AND {{known(r)}} AND {{known(m)}} AND {{known(n)}}
RETURN r
