// description: Members of a bloc, as of a date, that have a bilateral agreement with a country which was signed or in force on that date. The headline question: which BRICS states have bilateral pacts with Russia?
// param: bloc id(Bloc) = BRICS -- The bloc, by id (BRICS, SCO, CSTO, CIS).
// param: country id(Country) = RUS -- The country on the other side of the agreements, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
MATCH (:Bloc {id: $bloc})<-[m:MEMBER_OF]-(member:Country)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) AND member.id <> $country
MATCH (member)-[:PARTY_TO]->(a:Agreement {scope: 'bilateral'})<-[:PARTY_TO]-(:Country {id: $country})
// The status an agreement had on a date is the last one observed on or before it.
WITH member, m, a,
     {{status_seen_as_of}} AS seen
WHERE size(seen) > 0 AND a.status_history[seen[-1]] IN ['signed', 'in-force']
CALL (m, a) {
  MATCH (s:Entity:Source) WHERE s.id IN m.sources RETURN s
  UNION
  MATCH (a)-[:REPORTED_IN]->(s:Source) RETURN s
}
WITH member, m, a, seen, collect({{source_projection}}) AS sources
RETURN member.id AS member,
       member.name AS member_name,
       m.since AS member_since,
       m.since_precision AS member_since_precision,
       a.id AS agreement,
       a.title AS title,
       a.signed_on AS signed_on,
       a.signed_on_precision AS signed_on_precision,
       a.status_history[seen[-1]] AS status,
       a.status_dates[seen[-1]] AS status_since,
       sources
ORDER BY signed_on, member
