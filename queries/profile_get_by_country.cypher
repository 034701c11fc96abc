// description: A country's profile as of a date: its bloc memberships, the agreements it is party to with their status then, its officials, statements by and about it, and incidents it was involved in. Each part lists its source ids; sources gives them in full.
// param: country id(Country) = RUS -- The country, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
MATCH (c:Country {id: $country})
CALL (c) {
  MATCH (c)-[m:MEMBER_OF]->(b:Bloc)
  WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of)
  WITH b, m ORDER BY m.since
  RETURN collect({bloc: b.id, name: b.name, since: m.since, since_precision: m.since_precision, role: m.role, source_ids: m.sources}) AS memberships
}
CALL (c) {
  MATCH (c)-[:PARTY_TO]->(a:Agreement)
  WITH a, {{status_seen_as_of}} AS seen
  WHERE size(seen) > 0
  WITH a, seen ORDER BY a.status_dates[seen[-1]]
  RETURN collect({agreement: a.id, title: a.title, scope: a.scope,
                  other_parties: [(o)-[:PARTY_TO]->(a) WHERE o.id <> $country | o.id],
                  status: a.status_history[seen[-1]], status_since: a.status_dates[seen[-1]],
                  source_ids: [(a)-[:REPORTED_IN]->(s) | s.id]}) AS agreements
}
CALL (c) {
  MATCH (c)<-[:PART_OF*1..2]-(o:Organization)<-[p:HOLDS_POSITION]-(person:Person)
  WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until > $as_of)
  WITH DISTINCT person, p, o ORDER BY o.id, p.title
  RETURN collect({person: person.id, name: person.name, title: p.title, organization: o.id, since: p.since, source_ids: p.sources}) AS officials
}
CALL (c) {
  MATCH (st:Statement)-[:BY]->(c) WHERE st.said_on <= $as_of
  WITH st ORDER BY st.said_on
  RETURN collect({statement: st.id, said_on: st.said_on, kind: st.kind, confidence: st.confidence, summary: st.summary,
                  source_ids: [(st)-[:REPORTED_IN]->(s) | s.id]}) AS statements_by
}
CALL (c) {
  MATCH (st:Statement)-[:ABOUT|ATTRIBUTES]->(c)
  WITH DISTINCT st WHERE st.said_on <= $as_of
  WITH st ORDER BY st.said_on
  RETURN collect({statement: st.id, speaker: [(st)-[:BY]->(sp) | sp.id][0], said_on: st.said_on, kind: st.kind,
                  confidence: st.confidence, summary: st.summary,
                  verdicts: [(st)-[r:ATTRIBUTES]->(c) | r.verdict],
                  source_ids: [(st)-[:REPORTED_IN]->(s) | s.id]}) AS statements_about
}
CALL (c) {
  MATCH (i:Incident)
  WHERE i.started_on <= $as_of
    AND ((i)-[:TARGETED|CARRIED_OUT_BY]->(c) OR (i)<-[:ABOUT]-(:Statement)-[:ATTRIBUTES]->(c))
  WITH i ORDER BY i.started_on
  RETURN collect({incident: i.id, name: i.name, started_on: i.started_on,
                  roles: [(i)-[r:TARGETED|CARRIED_OUT_BY]->(c) | toLower(type(r))] +
                         [(i)<-[:ABOUT]-(st:Statement)-[r:ATTRIBUTES]->(c) WHERE st.said_on <= $as_of | 'attributed-' + r.verdict + '-by-' + [(st)-[:BY]->(sp) | sp.id][0]],
                  source_ids: [(i)-[:REPORTED_IN]->(s) | s.id]}) AS incidents
}
WITH c, memberships, agreements, officials, statements_by, statements_about, incidents,
     reduce(ids = [], part IN memberships + agreements + officials + statements_by + statements_about + incidents | ids + part.source_ids) AS cited
CALL (cited) {
  MATCH (s:Entity:Source) WHERE s.id IN cited
  WITH s ORDER BY s.id
  RETURN collect({{source_projection}}) AS sources
}
RETURN c.id AS country, c.name AS name, c.aliases AS aliases, c.wikidata AS wikidata,
       memberships, agreements, officials, statements_by, statements_about, incidents, sources
