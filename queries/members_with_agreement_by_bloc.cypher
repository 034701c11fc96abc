// description: Members of a bloc, as of a date, that have a bilateral agreement with a country which was signed or in force on that date. The headline question: which BRICS states have bilateral pacts with Russia?
// param: bloc id(Bloc) = BRICS -- The bloc, by id (BRICS, SCO, CSTO, CIS).
// param: country id(Country) = RUS -- The country on the other side of the agreements, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (bloc:Bloc {id: $bloc})<-[m:MEMBER_OF]-(member:Country)
WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) AND member.id <> $country
  AND {{known(bloc)}} AND {{known(m)}} AND {{known(member)}}
MATCH (member)-[pm:PARTY_TO]->(a:Agreement)<-[pc:PARTY_TO]-(country:Country {id: $country})
WHERE {{known(pm)}} AND {{known(a)}} AND {{known(pc)}} AND {{known(country)}}
// av is the agreement as the graph knew it then; a is kept to walk from.
WITH member, m, a, {{as_known(a)}} AS av
WHERE av.scope = 'bilateral'
// The status an agreement had on a date is the last one observed on or before it.
WITH member, m, a, av,
     {{status_seen_as_of(av)}} AS seen
WHERE size(seen) > 0 AND av.status_history[seen[-1]] IN ['signed', 'in-force']
CALL (m, a) {
  MATCH (source:Entity:Source) WHERE source.id IN m.sources AND {{known(source)}} RETURN source
  UNION
  MATCH (a)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}} RETURN source
}
WITH member, m, av, seen, {{as_known(source)}} AS s
WITH member, m, av, seen, collect({{source_projection}}) AS sources
WITH m, av, seen, sources, {{as_known(member)}} AS memberv
RETURN memberv.id AS member,
       memberv.name AS member_name,
       m.since AS member_since,
       m.since_precision AS member_since_precision,
       av.id AS agreement,
       av.title AS title,
       av.signed_on AS signed_on,
       av.signed_on_precision AS signed_on_precision,
       av.status_history[seen[-1]] AS status,
       av.status_dates[seen[-1]] AS status_since,
       sources
ORDER BY signed_on, member
