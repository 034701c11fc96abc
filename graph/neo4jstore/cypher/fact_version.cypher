// description: The current version of a fact: an entity's, or the highest of a relationship fact's current relationships; no row when it does not exist.
// param: key string -- The entity's id or the relationship fact's key.
// param: anchor string -- The entity the fact hangs from (the id itself for an entity).
OPTIONAL MATCH (n:Entity {id: $key}) WHERE n.recorded_until IS NULL
CALL (n) {
  OPTIONAL MATCH (:Entity {id: $anchor})-[r]->()
  WHERE n IS NULL AND r.fact = $key AND r.recorded_until IS NULL
  RETURN max(coalesce(r.version, 1)) AS rel_version
}
WITH CASE WHEN n IS NOT NULL THEN coalesce(n.version, 1) ELSE rel_version END AS version
WHERE version IS NOT NULL
RETURN version
