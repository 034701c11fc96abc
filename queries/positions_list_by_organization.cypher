// description: Who held which post in an organisation as of a date (a post with no known start counts as held), with the dates and sources.
// param: organization id(Organization) = security-council-of-russia -- The organisation, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (organization:Organization {id: $organization})<-[p:HOLDS_POSITION]-(person:Person)
WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until > $as_of)
  AND {{known(organization)}} AND {{known(p)}} AND {{known(person)}}
// personv is the person as the graph knew them then.
WITH p, {{as_known(person)}} AS personv
CALL (p) {
  MATCH (source:Entity:Source) WHERE source.id IN p.sources AND {{known(source)}}
  WITH {{as_known(source)}} AS s
  RETURN collect({{source_projection}}) AS sources
}
RETURN personv.id AS person,
       personv.name AS person_name,
       p.title AS title,
       p.since AS since,
       p.since_precision AS since_precision,
       p.until AS until,
       p.note AS note,
       sources
ORDER BY title, person
