// description: The node of one entity, where a walk starts.
// param: id string -- The entity's id.
MATCH (n:Entity {id: $id}) RETURN n
