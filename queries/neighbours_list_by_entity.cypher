// description: The direct neighbourhood of an entity as of a date: every relationship that held then, with its direction, the entity at the other end, the relationship's properties (dates, roles, verdicts) and the sources it cites. Statements, events, incidents and agreements dated after the date are left out.
// param: id id(Entity) = RUS -- The entity, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: limit integer = 100 range 1..500 -- At most this many rows.
MATCH (e:Entity {id: $id})-[r]-(n:Entity)
WHERE {{held_as_of}}
  AND {{exists_as_of}}
CALL (r) {
  MATCH (s:Entity:Source) WHERE s.id IN coalesce(r.sources, [])
  RETURN collect({{source_projection}}) AS sources
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
