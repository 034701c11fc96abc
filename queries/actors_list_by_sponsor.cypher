// description: Threat actors suspected of working for a state: one row per claim that attributes an actor to it (a suspected country of origin or state sponsor), with who claims it (a data set such as the MISP galaxy or the CFR Cyber Operations Tracker, a government, a company), the verdict, the confidence and the sources. Claims are never facts, and two claimants stay two rows.
// param: country id(Country) = RUS -- The state, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Only claims made on or before this date (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (country:Country {id: $country})<-[r:ATTRIBUTES]-(st:Statement)-[ab:ABOUT]->(actor:ThreatActor)
WHERE {{known(country)}} AND {{known(r)}} AND {{known(st)}} AND {{known(ab)}} AND {{known(actor)}}
WITH r, st, actor, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
MATCH (st)-[b:BY]->(claimant:Entity)
WHERE {{known(b)}} AND {{known(claimant)}}
// stv, actorv, claimantv: as the graph knew them then; st is kept to walk from.
WITH r, st, stv, {{as_known(actor)}} AS actorv, {{as_known(claimant)}} AS claimantv
RETURN actorv.id AS actor,
       actorv.name AS actor_name,
       actorv.external_ids AS external_ids,
       claimantv.id AS claimed_by,
       claimantv.name AS claimed_by_name,
       r.verdict AS verdict,
       stv.confidence AS confidence,
       stv.said_on AS said_on,
       st.id AS statement,
       stv.summary AS summary,
       [s IN [(st)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}} | {{as_known(source)}}] | {{source_projection}}] AS sources
ORDER BY actor_name, actor, claimed_by
