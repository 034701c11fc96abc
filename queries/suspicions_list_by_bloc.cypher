// description: Suspicion inside a bloc, next to cooperation: for each ordered pair of members as of a date where a claim attributes an actor to the first and a claim says that actor targeted the second, the actors and claims (with claimants), and the bilateral agreements between the two and their status on that date. E.g. SCO members whose suspected actors targeted other SCO members, beside the pacts between them.
// param: bloc id(Bloc) = SCO -- The bloc, by id (BRICS, SCO, CSTO, CIS).
// param: as_of date = today -- Members on this date, agreement statuses then, and only claims made by then (a data set's undated claims are always in).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
MATCH (bloc:Bloc {id: $bloc})<-[ms:MEMBER_OF]-(sponsor:Country)
WHERE ms.since <= $as_of AND (ms.until IS NULL OR ms.until > $as_of) AND {{known(bloc)}} AND {{known(ms)}} AND {{known(sponsor)}}
MATCH (sponsor)<-[r:ATTRIBUTES]-(st:Statement)-[ab:ABOUT]->(actor:ThreatActor)
WHERE r.verdict <> 'denied' AND {{known(r)}} AND {{known(st)}} AND {{known(ab)}} AND {{known(actor)}}
WITH bloc, sponsor, st, actor, {{as_known(st)}} AS stv
WHERE {{said_as_of(stv)}}
MATCH (actor)<-[ab2:ABOUT]-(claim:Statement)-[t:TARGETED]->(target:Country)-[mt:MEMBER_OF]->(bloc)
WHERE target <> sponsor AND mt.since <= $as_of AND (mt.until IS NULL OR mt.until > $as_of)
  AND {{known(ab2)}} AND {{known(claim)}} AND {{known(t)}} AND {{known(target)}} AND {{known(mt)}}
WITH sponsor, target, st, actor, claim, {{as_known(claim)}} AS claimv
WHERE {{said_as_of(claimv)}}
WITH sponsor, target, actor, collect(DISTINCT st) AS sponsored, collect(DISTINCT claim) AS targeted
WITH sponsor, target, sponsored + targeted AS claim_nodes, {{as_known(actor)}} AS actorv,
     [s IN sponsored | {statement: s.id, claimed_by: [(s)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]}] AS sponsor_claims,
     [s IN targeted | {statement: s.id, claimed_by: [(s)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]}] AS target_claims
ORDER BY actorv.name
WITH sponsor, target, collect({actor: actorv.id, name: actorv.name, sponsor_claims: sponsor_claims, target_claims: target_claims}) AS actors,
     reduce(all = [], c IN collect(claim_nodes) | all + c) AS claim_nodes
CALL (claim_nodes) {
  UNWIND claim_nodes AS c
  MATCH (c)-[ri:REPORTED_IN]->(source:Source)
  WHERE {{known(ri)}} AND {{known(source)}}
  WITH DISTINCT source
  WITH {{as_known(source)}} AS s ORDER BY s.id
  RETURN collect({{source_projection}}) AS sources
}
// An aggregate over no rows is one row: a pair with no agreement gets [].
CALL (sponsor, target) {
  MATCH (sponsor)-[p1:PARTY_TO]->(a:Agreement)<-[p2:PARTY_TO]-(target)
  WHERE {{known(p1)}} AND {{known(a)}} AND {{known(p2)}}
  WITH {{as_known(a)}} AS av
  WITH av, {{status_seen_as_of(av)}} AS seen
  WHERE size(seen) > 0
  WITH av, seen ORDER BY av.status_dates[seen[-1]]
  RETURN collect({agreement: av.id, title: av.title, scope: av.scope,
                  status: av.status_history[seen[-1]], status_since: av.status_dates[seen[-1]]}) AS agreements
}
WITH {{as_known(sponsor)}} AS sponsorv, {{as_known(target)}} AS targetv, actors, agreements, sources
RETURN sponsorv.id AS suspected_sponsor,
       sponsorv.name AS suspected_sponsor_name,
       targetv.id AS target,
       targetv.name AS target_name,
       actors,
       agreements,
       sources
ORDER BY suspected_sponsor, target
