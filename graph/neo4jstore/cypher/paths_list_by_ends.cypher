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
// Only conditions on one node's or one relationship's own properties, so
// that the search checks them as it goes, and they pick which paths are
// the shortest: a condition it cannot check on the way (a node's version
// as known, found through a pattern) makes Neo4j list every path first,
// which through hubs (a country with hundreds of claims about it) does not
// end. A node's dates are its current version's here; its version as known
// on $known_on is checked after (a past version dated otherwise can hide a
// path, never add one that is not).
WHERE all(n IN nodes(p) WHERE n:Entity AND {{known(n)}} AND {{exists_as_of(n)}}
          AND ($include_sources OR NOT n:Source OR n.id IN [$from, $to]))
  AND all(r IN relationships(p) WHERE {{held_as_of}} AND {{known(r)}})
WITH p, [n IN nodes(p) | {{as_known(n)}}] AS versions
WHERE all(v IN versions WHERE {{exists_as_of(v)}})
RETURN p, versions
LIMIT $limit
