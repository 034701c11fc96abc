// description: The member states of a bloc as of a date, with when each joined, its role, and the sources.
// param: bloc id(Bloc) = BRICS -- The bloc, by id (BRICS, SCO, CSTO, CIS).
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
MATCH (:Bloc {id: $bloc})<-[m:MEMBER_OF]-(member:Country)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
CALL (m) {
  MATCH (s:Entity:Source) WHERE s.id IN m.sources
  RETURN collect({{source_projection}}) AS sources
}
RETURN member.id AS member,
       member.name AS member_name,
       m.role AS role,
       m.since AS since,
       m.since_precision AS since_precision,
       m.until AS until,
       m.note AS note,
       sources
ORDER BY since, member
