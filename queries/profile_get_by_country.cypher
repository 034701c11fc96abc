// description: A country's profile as of a date, cooperation and suspicion side by side: its bloc memberships, the agreements it is party to with their status then, its officials, statements by and about it, incidents it was involved in, the threat actors claims attribute to it, and those claims say targeted it (with their suspected sponsors). Each part lists at most its latest items (by date; actors by name), in date order, and counts gives how many it has in all (the catalog's list queries page through them). Each part lists its source ids; sources gives them in full.
// param: country id(Country) = RUS -- The country, by ISO 3166-1 alpha-3 id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: latest integer = 20 range 1..1000 -- The most items each part lists: its latest.
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
// Every node and relationship read is one the graph knew then; a name
// ending in v (cv, av…) is that entity's version then, whose properties to
// read, while the entity itself is kept to walk from.
MATCH (c:Country {id: $country})
WHERE {{known(c)}}
CALL (c) {
  MATCH (c)-[m:MEMBER_OF]->(b:Bloc)
  WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) AND {{known(m)}} AND {{known(b)}}
  WITH b, m ORDER BY m.since DESC, b.id DESC
  WITH count(*) AS memberships_count, reverse(collect({b: b, m: m})[0..$latest]) AS latest
  CALL (latest) {
    UNWIND latest AS x
    WITH x.b AS b, x.m AS m
    WITH b, m, {{as_known(b)}} AS bv
    RETURN collect({bloc: b.id, name: bv.name, since: m.since, since_precision: m.since_precision, role: m.role, source_ids: m.sources}) AS memberships
  }
  RETURN memberships_count, memberships
}
CALL (c) {
  MATCH (c)-[p:PARTY_TO]->(a:Agreement)
  WHERE {{known(p)}} AND {{known(a)}}
  WITH a, {{as_known(a)}} AS av
  WITH a, av, {{status_seen_as_of(av)}} AS seen
  WHERE size(seen) > 0
  WITH a, av, seen ORDER BY av.status_dates[seen[-1]] DESC, a.id DESC
  WITH count(*) AS agreements_count, reverse(collect({a: a, av: av, seen: seen})[0..$latest]) AS latest
  CALL (latest) {
    UNWIND latest AS x
    WITH x.a AS a, x.av AS av, x.seen AS seen
    RETURN collect({agreement: a.id, title: av.title, scope: av.scope,
                    other_parties: [(o)-[op:PARTY_TO]->(a) WHERE o.id <> $country AND {{known(op)}} AND {{known(o)}} | o.id],
                    status: av.status_history[seen[-1]], status_since: av.status_dates[seen[-1]],
                    source_ids: [(a)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]}) AS agreements
  }
  RETURN agreements_count, agreements
}
CALL (c) {
  MATCH chain = (c)<-[:PART_OF*1..2]-(o:Organization)<-[p:HOLDS_POSITION]-(person:Person)
  WHERE (p.since IS NULL OR p.since <= $as_of) AND (p.until IS NULL OR p.until > $as_of)
    AND all(x IN relationships(chain) WHERE {{known(x)}}) AND all(x IN nodes(chain) WHERE {{known(x)}})
  WITH DISTINCT person, p, o
  WITH person, p, o ORDER BY o.id, p.title
  WITH count(*) AS officials_count, collect({person: person, p: p, o: o})[0..$latest] AS latest
  CALL (latest) {
    UNWIND latest AS x
    WITH x.person AS person, x.p AS p, x.o AS o
    WITH person, p, o, {{as_known(person)}} AS personv
    RETURN collect({person: person.id, name: personv.name, title: p.title, organization: o.id, since: p.since, source_ids: p.sources}) AS officials
  }
  RETURN officials_count, officials
}
CALL (c) {
  MATCH (st:Statement)-[b:BY]->(c) WHERE {{known(st)}} AND {{known(b)}}
  WITH st, {{as_known(st)}} AS stv
  WHERE {{said_as_of(stv)}}
  WITH st, stv ORDER BY stv.said_on DESC, st.id DESC
  WITH count(*) AS statements_by_count, reverse(collect({st: st, stv: stv})[0..$latest]) AS latest
  CALL (latest) {
    UNWIND latest AS x
    WITH x.st AS st, x.stv AS stv
    RETURN collect({statement: st.id, said_on: stv.said_on, kind: stv.kind, confidence: stv.confidence, summary: stv.summary,
                    source_ids: [(st)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]}) AS statements_by
  }
  RETURN statements_by_count, statements_by
}
CALL (c) {
  MATCH (st:Statement)-[ab:ABOUT|ATTRIBUTES]->(c) WHERE {{known(st)}} AND {{known(ab)}}
  WITH DISTINCT st
  WITH st, {{as_known(st)}} AS stv
  WHERE {{said_as_of(stv)}}
  WITH st, stv ORDER BY stv.said_on DESC, st.id DESC
  WITH count(*) AS statements_about_count, reverse(collect({st: st, stv: stv})[0..$latest]) AS latest
  CALL (c, latest) {
    UNWIND latest AS x
    WITH x.st AS st, x.stv AS stv
    RETURN collect({statement: st.id, speaker: [(st)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0], said_on: stv.said_on, kind: stv.kind,
                    confidence: stv.confidence, summary: stv.summary,
                    verdicts: [(st)-[r:ATTRIBUTES]->(c) WHERE {{known(r)}} | r.verdict],
                    source_ids: [(st)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]}) AS statements_about
  }
  RETURN statements_about_count, statements_about
}
CALL (c) {
  // Walked to from c: a label scan would test every incident.
  CALL (c) {
    MATCH (i:Incident)-[r:TARGETED|CARRIED_OUT_BY]->(c) WHERE {{known(r)}} RETURN i
    UNION
    MATCH (c)<-[r:ATTRIBUTES]-(st:Statement)-[ab:ABOUT]->(i:Incident) WHERE {{known(r)}} AND {{known(st)}} AND {{known(ab)}} RETURN i
  }
  WITH c, i WHERE {{known(i)}}
  WITH c, i, {{as_known(i)}} AS iv
  WHERE iv.started_on <= $as_of
  WITH i, iv ORDER BY iv.started_on DESC, i.id DESC
  WITH count(*) AS incidents_count, reverse(collect({i: i, iv: iv})[0..$latest]) AS latest
  CALL (c, latest) {
    UNWIND latest AS x
    WITH x.i AS i, x.iv AS iv
    RETURN collect({incident: i.id, name: iv.name, started_on: iv.started_on,
                  roles: [(i)-[r:TARGETED|CARRIED_OUT_BY]->(c) WHERE {{known(r)}} | toLower(type(r))] +
                         [(i)<-[ab:ABOUT]-(st:Statement)-[r:ATTRIBUTES]->(c)
                          WHERE {{known(ab)}} AND {{known(st)}} AND {{known(r)}} AND {{as_known(st)}}.said_on <= $as_of
                          | 'attributed-' + r.verdict + '-by-' + [(st)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]],
                  source_ids: [(i)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]}) AS incidents
  }
  RETURN incidents_count, incidents
}
// Suspicion beside cooperation: the threat actors claims attribute to the
// country, and those claims say targeted it (with whom claims attribute
// them to). Every one is a claim, with its claimant.
CALL (c) {
  MATCH (c)<-[r:ATTRIBUTES]-(st:Statement)-[ab:ABOUT]->(actor:ThreatActor)
  WHERE {{known(r)}} AND {{known(st)}} AND {{known(ab)}} AND {{known(actor)}}
  WITH r, st, actor, {{as_known(st)}} AS stv
  WHERE {{said_as_of(stv)}}
  WITH actor, collect({statement: st.id, claimed_by: [(st)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0],
                       verdict: r.verdict, confidence: stv.confidence}) AS claims,
       reduce(ids = [], l IN collect([(st)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]) | ids + l) AS source_ids
  WITH actor, {{as_known(actor)}} AS actorv, claims, source_ids ORDER BY actorv.name, actor.id
  WITH count(*) AS suspected_actors_count, collect({actor: actor.id, name: actorv.name, claims: claims, source_ids: source_ids}) AS all
  RETURN suspected_actors_count, all[0..$latest] AS suspected_actors
}
CALL (c) {
  MATCH (c)<-[t:TARGETED]-(st:Statement)-[ab:ABOUT]->(actor:ThreatActor)
  WHERE {{known(t)}} AND {{known(st)}} AND {{known(ab)}} AND {{known(actor)}}
  WITH st, actor, {{as_known(st)}} AS stv
  WHERE {{said_as_of(stv)}}
  WITH actor, collect({statement: st.id, claimed_by: [(st)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | sp.id][0]}) AS claims,
       reduce(ids = [], l IN collect([(st)-[ri:REPORTED_IN]->(s) WHERE {{known(ri)}} AND {{known(s)}} | s.id]) | ids + l) AS source_ids
  CALL (actor) {
    MATCH (actor)<-[ab:ABOUT]-(st:Statement)-[r:ATTRIBUTES]->(sponsor:Country)
    WHERE r.verdict <> 'denied' AND {{known(ab)}} AND {{known(st)}} AND {{known(r)}} AND {{known(sponsor)}}
    WITH sponsor, {{as_known(st)}} AS stv
    WHERE {{said_as_of(stv)}}
    WITH DISTINCT sponsor ORDER BY sponsor.id
    RETURN collect(sponsor.id) AS suspected_sponsors
  }
  WITH actor, {{as_known(actor)}} AS actorv, claims, source_ids, suspected_sponsors ORDER BY actorv.name, actor.id
  WITH count(*) AS targeted_by_count, collect({actor: actor.id, name: actorv.name, suspected_sponsors: suspected_sponsors, claims: claims, source_ids: source_ids}) AS all
  RETURN targeted_by_count, all[0..$latest] AS targeted_by
}
WITH c, memberships, agreements, officials, statements_by, statements_about, incidents, suspected_actors, targeted_by,
     memberships_count, agreements_count, officials_count, statements_by_count, statements_about_count, incidents_count,
     suspected_actors_count, targeted_by_count,
     reduce(ids = [], part IN memberships + agreements + officials + statements_by + statements_about + incidents + suspected_actors + targeted_by
            | ids + part.source_ids) AS cited
CALL (cited) {
  MATCH (source:Entity:Source) WHERE source.id IN cited AND {{known(source)}}
  WITH {{as_known(source)}} AS s ORDER BY s.id
  RETURN collect({{source_projection}}) AS sources
}
WITH c, {{as_known(c)}} AS cv, memberships, agreements, officials, statements_by, statements_about, incidents,
     suspected_actors, targeted_by, sources,
     {memberships: memberships_count, agreements: agreements_count, officials: officials_count, statements_by: statements_by_count,
      statements_about: statements_about_count, incidents: incidents_count, suspected_actors: suspected_actors_count,
      targeted_by: targeted_by_count} AS counts
RETURN c.id AS country, cv.name AS name, cv.aliases AS aliases, cv.wikidata AS wikidata,
       memberships, agreements, officials, statements_by, statements_about, incidents, suspected_actors, targeted_by, counts, sources
