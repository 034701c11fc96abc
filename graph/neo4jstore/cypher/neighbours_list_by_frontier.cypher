// description: One level of a walk: the entities next to the frontier that existed on a date, with the relationship held then that joins them.
// param: frontier list<string> -- The ids reached at the previous level.
// param: as_of date -- The date of the walk.
// param: include_sources boolean -- Whether to step onto :Source nodes.
// param: cap integer -- The most rows to return.
MATCH (m:Entity)-[r]-(n:Entity)
WHERE m.id IN $frontier AND {{held_as_of}} AND {{exists_as_of}} AND ($include_sources OR NOT n:Source)
RETURN n, r
ORDER BY n.id
LIMIT $cap
