// description: The audit trail: recorded changes, newest first, optionally only one author's, those that touched one entity, or one fact, within a recorded-time window.
// param: author string -- An API key's name, or null for any.
// param: entity string -- An entity id, or null for any.
// param: fact string -- A fact key, or null for any.
// param: since datetime -- Changes recorded at or after this time, or null.
// param: until datetime -- Changes recorded before this time, or null.
// param: limit integer -- At most this many changes.
MATCH (c:Change)
WHERE ($author IS NULL OR c.author = $author)
  AND ($since IS NULL OR c.recorded_at >= $since)
  AND ($until IS NULL OR c.recorded_at < $until)
  AND ($entity IS NULL OR EXISTS { (c)-[:CHANGED]->(:Entity {id: $entity}) })
  AND ($fact IS NULL OR $fact IN c.fact_keys)
RETURN c {.id, .recorded_at, .kind, .author, .role, .reason, .cites, .idempotency_key, .facts,
          entities: [(c)-[:CHANGED]->(n) | n.id]} AS change
ORDER BY c.recorded_at DESC
LIMIT $limit
