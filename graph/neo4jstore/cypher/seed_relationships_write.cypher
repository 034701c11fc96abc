// description: Writes the relationships of one type between existing entities and counts them; a row naming an entity that does not exist writes nothing.
// param: rows list<map> -- One {from, to, props} per relationship.
// param: type string -- The relationship type, one of graph.RelationshipTypes (checked before the load).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$($type)]->(b)
SET r = row.props
RETURN count(r)
