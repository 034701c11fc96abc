// description: The direct neighbourhood of an entity: every relationship with its direction, the entity at the other end, the relationship's properties (dates, roles, verdicts) and the sources it cites.
// param: id id(Entity) = RUS -- The entity, by id.
// param: limit integer = 100 range 1..500 -- At most this many rows.
MATCH (e:Entity {id: $id})-[r]-(n:Entity)
CALL (r) {
  MATCH (s:Entity:Source) WHERE s.id IN coalesce(r.sources, [])
  RETURN collect(s {.id, .title, .publisher, .url, .reliability}) AS sources
}
RETURN type(r) AS relationship,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       n.id AS neighbour,
       [l IN labels(n) WHERE l <> 'Entity'][0] AS kind,
       n.name AS name,
       properties(r) AS properties,
       sources
ORDER BY relationship, neighbour
LIMIT $limit
