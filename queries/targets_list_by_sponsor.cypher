// description: Which states a state's suspected actors targeted: one row per state that a claim says was targeted by an actor that a claim attributes to the given state (alleged or confirmed, never denied), with each actor and the claims on both sides (who claims the actor works for the state, who claims it targeted the other). Every link is a claim, and its claimant is named.
// param: country id(Country) = RUS -- The suspected sponsor, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Only claims made on or before this date (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (country:Country {id: $country})<-[r:ATTRIBUTES]-(st:Statement)-[ab:ABOUT]->(actor:ThreatActor)
WHERE r.verdict <> 'denied' AND {{known(country)}} AND {{known(r)}} AND {{known(st)}} AND {{known(ab)}} AND {{known(actor)}}
WITH st, actor, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
MATCH (actor)<-[ab2:ABOUT]-(claim:Statement)-[t:TARGETED]->(target:Country)
WHERE target.id <> $country AND {{known(ab2)}} AND {{known(claim)}} AND {{known(t)}} AND {{known(target)}}
WITH st, actor, claim, target, {{as_known(claim)}} AS claimv
WHERE {{said_as_of(claimv)}}
WITH target, actor, collect(DISTINCT st) AS sponsored, collect(DISTINCT claim) AS targeted
WITH target, sponsored + targeted AS claim_nodes, {{as_known(actor)}} AS actorv,
     [s IN sponsored | {statement: s.id, claimed_by: [(s)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]}] AS sponsor_claims,
     [s IN targeted | {statement: s.id, claimed_by: [(s)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]}] AS target_claims
ORDER BY actorv.name
WITH target, collect({actor: actorv.id, name: actorv.name, sponsor_claims: sponsor_claims, target_claims: target_claims}) AS actors,
     reduce(all = [], c IN collect(claim_nodes) | all + c) AS claim_nodes
CALL (claim_nodes) {
  UNWIND claim_nodes AS c
  MATCH (c)-[ri:REPORTED_IN]->(source:Source)
  WHERE {{known(ri)}} AND {{known(source)}}
  WITH DISTINCT source
  WITH {{as_known(source)}} AS s ORDER BY s.id
  RETURN collect({{source_projection}}) AS sources
}
WITH target, {{as_known(target)}} AS targetv, actors, sources
RETURN targetv.id AS target,
       targetv.name AS target_name,
       size(actors) AS actor_count,
       actors,
       sources
ORDER BY actor_count DESC, target
