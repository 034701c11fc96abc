// description: Every relationship between two of the entities given that held on a date.
// param: ids list<string> -- The entity ids.
// param: as_of date -- The date the relationships must hold on.
MATCH (m:Entity)-[r]->(n:Entity)
WHERE m.id IN $ids AND n.id IN $ids AND {{held_as_of}}
RETURN r
