// description: One level of a walk: the entities next to the frontier that existed on a date, with the relationship held then that joins them, all as the graph knew them on an instant; version is each entity's version then.
// param: frontier list<string> -- The ids reached at the previous level.
// param: as_of date -- The date of the walk.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// param: include_sources boolean -- Whether to step onto :Source nodes.
// param: cap integer -- The most rows to return.
MATCH (m:Entity)-[r]-(n:Entity)
WHERE m.id IN $frontier AND {{held_as_of}} AND {{known(m)}} AND {{known(r)}} AND {{known(n)}} AND ($include_sources OR NOT n:Source)
WITH n, r, {{as_known(n)}} AS version
WHERE {{exists_as_of(version)}}
RETURN n, version, r
ORDER BY n.id
LIMIT $cap
