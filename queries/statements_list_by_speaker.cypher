// description: What a person, organisation or country said, in date order: each statement's summary, kind (CAMEO code), confidence, what it is about, any attributions it makes, and its sources.
// param: speaker id(Entity) = oleg-khramov -- Who spoke, by entity id.
// param: as_of date = today -- Only statements made on or before this date.
MATCH (st:Statement)-[:BY]->(:Entity {id: $speaker})
WHERE st.said_on <= $as_of
RETURN st.id AS statement,
       st.said_on AS said_on,
       st.said_on_precision AS said_on_precision,
       st.kind AS kind,
       st.confidence AS confidence,
       st.summary AS summary,
       st.claimed_count AS claimed_count,
       [(st)-[:ABOUT]->(x) | x.id] AS about,
       [(st)-[r:ATTRIBUTES]->(x) | {actor: x.id, verdict: r.verdict}] AS attributions,
       [(st)-[:REPORTED_IN]->(s:Source) | {{source_projection}}] AS sources
ORDER BY said_on, statement
