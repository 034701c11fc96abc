// description: Creates relationships between current entities and counts them; a row naming an entity that does not exist, or was retracted, creates nothing.
// param: rows list<map> -- One {type, from, to, props} per relationship; type is one of graph.RelationshipTypes (checked before).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) WHERE NOT a:Retracted
MATCH (b:Entity {id: row.to}) WHERE NOT b:Retracted
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r)
