// description: The member states of a bloc as of a date, with when each joined, its role, and the sources.
// param: bloc id(Bloc) = BRICS -- The bloc, by id (BRICS, SCO, CSTO, CIS).
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (bloc:Bloc {id: $bloc})<-[m:MEMBER_OF]-(member:Country)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
  AND {{known(bloc)}} AND {{known(m)}} AND {{known(member)}}
// memberv is the member as the graph knew it then.
WITH m, {{as_known(member)}} AS memberv
CALL (m) {
  MATCH (source:Entity:Source) WHERE source.id IN m.sources AND {{known(source)}}
  WITH {{as_known(source)}} AS s
  RETURN collect({{source_projection}}) AS sources
}
RETURN memberv.id AS member,
       memberv.name AS member_name,
       m.role AS role,
       m.since AS since,
       m.since_precision AS since_precision,
       m.until AS until,
       m.note AS note,
       sources
ORDER BY since, member
