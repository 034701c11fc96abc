// description: The shortest paths between two entities along relationships held on a date, through entities that existed then.
// variant: max_length -- The longest path searched, 1 to graph.MaxPathLength: Cypher takes no parameter for a path's length, so there is one statement per length.
// param: from string -- The id of one end.
// param: to string -- The id of the other end.
// param: include_sources boolean -- Whether a path may pass through :Source nodes.
// param: as_of date -- The date the relationships must hold on.
// param: limit integer -- The most paths to return.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..{{max_length}}]-(b))
WHERE all(n IN nodes(p)[1..-1] WHERE $include_sources OR NOT n:Source)
  AND all(r IN relationships(p) WHERE {{held_as_of}})
  AND all(n IN nodes(p) WHERE {{exists_as_of}})
RETURN p
LIMIT $limit
