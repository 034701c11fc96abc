// description: Statements about an entity or attributing something to it, by anyone, in date order, with the speaker, verdicts and sources. Claims by different speakers stay separate rows.
// param: subject id(Entity) = RUS -- The entity spoken about, by id.
// param: as_of date = today -- Only statements made on or before this date (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (st:Statement)-[ab:ABOUT|ATTRIBUTES]->(subject:Entity {id: $subject})
WHERE {{known(st)}} AND {{known(ab)}} AND {{known(subject)}}
WITH DISTINCT st
// stv, speakerv: as the graph knew them then; st is kept to walk from.
WITH st, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
MATCH (st)-[b:BY]->(speaker:Entity)
WHERE {{known(b)}} AND {{known(speaker)}}
WITH st, stv, {{as_known(speaker)}} AS speakerv
RETURN st.id AS statement,
       speakerv.id AS speaker,
       speakerv.name AS speaker_name,
       stv.said_on AS said_on,
       stv.said_on_precision AS said_on_precision,
       stv.kind AS kind,
       stv.confidence AS confidence,
       stv.summary AS summary,
       [(st)-[r:ATTRIBUTES]->(x) WHERE {{known(r)}} AND {{known(x)}} | {actor: x.id, verdict: r.verdict}] AS attributions,
       [s IN [(st)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}} | {{as_known(source)}}] | {{source_projection}}] AS sources
ORDER BY said_on, statement
