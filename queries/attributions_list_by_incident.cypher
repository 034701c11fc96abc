// description: Who said what about who was behind an incident: one row per statement about the incident and actor it names, with the verdict (alleged, denied, confirmed), the speaker, the confidence and the sources. A statement naming no actor has actor null.
// param: incident id(Incident) = colonial-pipeline-attack -- The incident, by id.
// param: as_of date = today -- Only statements made on or before this date: who had said what by then.
MATCH (:Incident {id: $incident})<-[:ABOUT]-(st:Statement)-[:BY]->(speaker:Entity)
WHERE st.said_on <= $as_of
OPTIONAL MATCH (st)-[r:ATTRIBUTES]->(actor:Entity)
RETURN st.id AS statement,
       speaker.id AS claimed_by,
       speaker.name AS claimed_by_name,
       actor.id AS actor,
       actor.name AS actor_name,
       r.verdict AS verdict,
       st.said_on AS said_on,
       st.said_on_precision AS said_on_precision,
       st.confidence AS confidence,
       st.summary AS summary,
       [(st)-[:REPORTED_IN]->(s:Source) | {{source_projection}}] AS sources
ORDER BY said_on, statement, actor
