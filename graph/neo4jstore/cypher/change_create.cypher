// description: Records a change: who made it, when, why, with which idempotency key, what it did (as JSON), linked to every entity it touched; counts the links.
// param: change map -- The :Change's properties: id, recorded_at, kind, author, role, reason, idempotency_key, request_hash, facts (JSON), report (JSON).
// param: entities list<string> -- The ids of the entities the change touched.
CREATE (c:Change)
SET c = $change
WITH c
UNWIND $entities AS id
MATCH (n:Entity {id: id})
CREATE (c)-[:CHANGED]->(n)
RETURN count(*)
