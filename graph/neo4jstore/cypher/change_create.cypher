// description: Records a change: who made it, when, why, with which idempotency key, what it did (as JSON), linked to every entity it touched; bumps the graph's version to its time; counts the links.
// param: change map -- The :Change's properties: id, recorded_at, kind, author, role, reason, idempotency_key, request_hash, facts (JSON), report (JSON).
// param: entities list<string> -- The ids of the entities the change touched.
MATCH (g:GraphVersion {id: 'graph'})
SET g.n = coalesce(g.n, 0) + 1, g.at = $change.recorded_at
CREATE (c:Change)
SET c = $change
WITH c
UNWIND $entities AS id
MATCH (n:Entity {id: id})
CREATE (c)-[:CHANGED]->(n)
RETURN count(*)
