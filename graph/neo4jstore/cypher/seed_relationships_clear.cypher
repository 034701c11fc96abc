// description: Deletes the outgoing relationships of the dataset's entities, which the load then writes again.
// param: ids list<string> -- The ids of every entity of the dataset.
MATCH (n:Entity)-[r]->() WHERE n.id IN $ids DELETE r RETURN count(*)
