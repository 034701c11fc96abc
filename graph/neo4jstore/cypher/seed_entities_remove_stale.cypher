// description: Removes the entities an earlier load wrote (marked by seed_file) that the dataset no longer has, and counts them.
// param: ids list<string> -- The ids of every entity of the dataset.
MATCH (n:Entity) WHERE n.seed_file IS NOT NULL AND NOT n.id IN $ids
WITH n, n.id AS id DETACH DELETE n RETURN count(id)
