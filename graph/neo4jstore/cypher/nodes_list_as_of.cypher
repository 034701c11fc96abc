// description: The entities that existed on a date, all of them or those of the ids given, in id order.
// param: ids list<string>? -- Only these entities; null for all.
// param: as_of date -- The date they must have existed on.
// param: include_sources boolean -- Whether to include :Source nodes.
MATCH (n:Entity)
WHERE ($ids IS NULL OR n.id IN $ids) AND {{exists_as_of}} AND ($include_sources OR NOT n:Source)
RETURN n ORDER BY n.id
