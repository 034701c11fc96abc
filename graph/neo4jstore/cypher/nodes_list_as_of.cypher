// description: The entities that existed on a date, as the graph knew them on an instant, all of them or those of the ids given, in id order; version is each one's version then.
// param: ids list<string>? -- Only these entities; null for all.
// param: as_of date -- The date they must have existed on.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// param: include_sources boolean -- Whether to include :Source nodes.
// param: limit integer -- At most this many.
MATCH (n:Entity)
WHERE ($ids IS NULL OR n.id IN $ids) AND {{known(n)}} AND ($include_sources OR NOT n:Source)
WITH n, {{as_known(n)}} AS version
WHERE {{exists_as_of(version)}}
RETURN n, version ORDER BY n.id
LIMIT $limit
