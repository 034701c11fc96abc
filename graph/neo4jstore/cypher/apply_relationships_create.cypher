// description: Creates relationships between existing entities and counts them; a row naming an entity that does not exist creates nothing.
// param: rows list<map> -- One {type, from, to, props} per relationship; type is one of graph.RelationshipTypes (checked before).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r)
