// description: The shortest paths between two entities along relationships held on a date, through entities that existed then, all as the graph knew them on an instant; versions are the path's nodes' versions then, in order.
// variant: max_length -- The longest path searched, 1 to graph.MaxPathLength: Cypher takes no parameter for a path's length, so there is one statement per length.
// param: from string -- The id of one end.
// param: to string -- The id of the other end.
// param: include_sources boolean -- Whether a path may pass through :Source nodes.
// param: as_of date -- The date the relationships must hold on.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// param: limit integer -- The most paths to return.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE {{known(a)}} AND {{known(b)}}
MATCH p = allShortestPaths((a)-[*..{{max_length}}]-(b))
// Every condition is in this WHERE, so that it picks which paths are the
// shortest rather than filtering the shortest afterwards.
WHERE all(n IN nodes(p) WHERE n:Entity AND {{known(n)}})
  AND all(n IN nodes(p)[1..-1] WHERE $include_sources OR NOT n:Source)
  AND all(r IN relationships(p) WHERE {{held_as_of}} AND {{known(r)}})
  AND all(v IN [n IN nodes(p) | {{as_known(n)}}] WHERE {{exists_as_of(v)}})
RETURN p, [n IN nodes(p) | {{as_known(n)}}] AS versions
LIMIT $limit
