// description: Who said what about who was behind an incident: one row per statement about the incident and actor it names, with the verdict (alleged, denied, confirmed), the speaker, the confidence and the sources. A statement naming no actor has actor null.
// param: incident id(Incident) = colonial-pipeline-attack -- The incident, by id.
// param: as_of date = today -- Only statements made on or before this date: who had said what by then (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (incident:Incident {id: $incident})<-[ab:ABOUT]-(st:Statement)-[b:BY]->(speaker:Entity)
WHERE {{known(incident)}} AND {{known(ab)}} AND {{known(st)}} AND {{known(b)}} AND {{known(speaker)}}
// stv, speakerv, actorv: those entities as the graph knew them then.
WITH st, speaker, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
OPTIONAL MATCH (st)-[r:ATTRIBUTES]->(actor:Entity) WHERE {{known(r)}} AND {{known(actor)}}
WITH st, stv, r, actor, {{as_known(speaker)}} AS speakerv, {{as_known(actor)}} AS actorv
RETURN st.id AS statement,
       speakerv.id AS claimed_by,
       speakerv.name AS claimed_by_name,
       actor.id AS actor,
       actorv.name AS actor_name,
       r.verdict AS verdict,
       stv.said_on AS said_on,
       stv.said_on_precision AS said_on_precision,
       stv.confidence AS confidence,
       stv.summary AS summary,
       [s IN [(st)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}} | {{as_known(source)}}] | {{source_projection}}] AS sources
ORDER BY said_on, statement, actor
