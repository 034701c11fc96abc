// description: Every relationship that held on a date between two entities that existed then, as the graph knew them on an instant, with its ends' ids: the edges of a whole-graph export, read as they stream.
// param: as_of date -- The date the relationships must hold on, and their ends exist on.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// param: include_sources boolean -- Whether relationships to :Source nodes are included.
MATCH (m:Entity)-[r]->(n:Entity)
WHERE {{held_as_of}} AND {{known(r)}} AND {{known(m)}} AND {{known(n)}}
  AND ($include_sources OR NOT (m:Source OR n:Source))
WITH m, r, n, {{as_known(m)}} AS mv, {{as_known(n)}} AS nv
WHERE {{exists_as_of(mv)}} AND {{exists_as_of(nv)}}
RETURN m.id AS source, n.id AS target, r
