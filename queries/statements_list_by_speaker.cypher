// description: What a person, organisation or country said, in date order: each statement's summary, kind (CAMEO code), confidence, what it is about, any attributions it makes, and its sources.
// param: speaker id(Entity) = oleg-khramov -- Who spoke, by entity id.
// param: as_of date = today -- Only statements made on or before this date (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (st:Statement)-[b:BY]->(speaker:Entity {id: $speaker})
WHERE {{known(st)}} AND {{known(b)}} AND {{known(speaker)}}
// stv is the statement as the graph knew it then; st is kept to walk from.
WITH st, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
RETURN st.id AS statement,
       stv.said_on AS said_on,
       stv.said_on_precision AS said_on_precision,
       stv.kind AS kind,
       stv.confidence AS confidence,
       stv.summary AS summary,
       stv.claimed_count AS claimed_count,
       [(st)-[ab:ABOUT]->(x) WHERE {{known(ab)}} AND {{known(x)}} | x.id] AS about,
       [(st)-[r:ATTRIBUTES]->(x) WHERE {{known(r)}} AND {{known(x)}} | {actor: x.id, verdict: r.verdict}] AS attributions,
       [s IN [(st)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}} | {{as_known(source)}}] | {{source_projection}}] AS sources
ORDER BY said_on, statement
