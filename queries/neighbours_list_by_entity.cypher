// description: The direct neighbourhood of an entity as of a date: every relationship that held then, with its direction, the entity at the other end, the relationship's properties (dates, roles, verdicts) and the sources it cites. Statements, events, incidents and agreements dated after the date are left out.
// param: id id(Entity) = RUS -- The entity, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: relationship string = null one-of PARTY_TO,WITHIN,REPORTED_IN,BY,ABOUT,ATTRIBUTES,TARGETED,CARRIED_OUT_BY,ATTENDED,PRODUCED,MEMBER_OF,HOLDS_POSITION,PART_OF -- Only relationships of this type.
// param: direction string = null one-of in,out -- Only relationships leaving the entity (out) or reaching it (in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (e:Entity {id: $id})-[r]-(n:Entity)
WHERE ($relationship IS NULL OR type(r) = $relationship)
  AND ($direction IS NULL OR ($direction = 'out') = (startNode(r) = e))
  AND {{held_as_of}}
  AND {{known(e)}} AND {{known(r)}} AND {{known(n)}}
// nv is the neighbour as the graph knew it then.
WITH e, r, n, {{as_known(n)}} AS nv
WHERE {{exists_as_of(nv)}}
// The page is cut before each row's sources are read.
// elementId(r) breaks ties (two relationships of one type with one neighbour),
// so that pages neither repeat nor skip a row.
WITH e, r, n, nv ORDER BY type(r), n.id, elementId(r)
SKIP $page_offset LIMIT $page_limit
CALL (r) {
  MATCH (source:Entity:Source) WHERE source.id IN coalesce(r.sources, []) AND {{known(source)}}
  WITH {{as_known(source)}} AS s
  RETURN collect({{source_projection}}) AS sources
}
RETURN type(r) AS relationship,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       n.id AS neighbour,
       [l IN labels(n) WHERE NOT l IN ['Entity', 'Retracted']][0] AS kind,
       nv.name AS name,
       properties(r) AS properties,
       sources
ORDER BY relationship, neighbour, elementId(r)
