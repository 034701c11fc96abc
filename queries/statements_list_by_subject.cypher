// description: Statements about an entity or attributing something to it, by anyone, in date order, with the speaker, verdicts and sources. Claims by different speakers stay separate rows.
// param: subject id(Entity) = RUS -- The entity spoken about, by id.
// param: as_of date = today -- Only statements made on or before this date.
MATCH (st:Statement)-[:ABOUT|ATTRIBUTES]->(:Entity {id: $subject})
WITH DISTINCT st
WHERE st.said_on <= $as_of
MATCH (st)-[:BY]->(speaker:Entity)
RETURN st.id AS statement,
       speaker.id AS speaker,
       speaker.name AS speaker_name,
       st.said_on AS said_on,
       st.said_on_precision AS said_on_precision,
       st.kind AS kind,
       st.confidence AS confidence,
       st.summary AS summary,
       [(st)-[r:ATTRIBUTES]->(x) | {actor: x.id, verdict: r.verdict}] AS attributions,
       [(st)-[:REPORTED_IN]->(s:Source) | {{source_projection}}] AS sources
ORDER BY said_on, statement
