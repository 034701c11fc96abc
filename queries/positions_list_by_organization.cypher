// description: Who held which post in an organisation as of a date (a post with no known start counts as held), with the dates and sources.
// param: organization id(Organization) = security-council-of-russia -- The organisation, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
MATCH (:Organization {id: $organization})<-[p:HOLDS_POSITION]-(person:Person)
WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until > $as_of)
CALL (p) {
  MATCH (s:Entity:Source) WHERE s.id IN p.sources
  RETURN collect({{source_projection}}) AS sources
}
RETURN person.id AS person,
       person.name AS person_name,
       p.title AS title,
       p.since AS since,
       p.since_precision AS since_precision,
       p.until AS until,
       p.note AS note,
       sources
ORDER BY title, person
