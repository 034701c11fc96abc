// description: The dated facts around an entity, in date order: memberships begun and ended, positions taken and left, each observed status of its agreements, statements by or about it, events it took part in, incidents it was involved in — each with its sources.
// param: id id(Entity) = RUS -- The entity, by id.
// param: from date = 1900 -- Only facts dated on or after this date.
// param: to date = today -- Only facts dated on or before this date.
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
// Every node and relationship read is one the graph knew then; a name
// ending in v (av, stv…) is that entity's version then, whose properties to
// read, while the entity itself is kept to walk from.
MATCH (e:Entity {id: $id})
WHERE {{known(e)}}
CALL (e) {
  MATCH (e)-[m:MEMBER_OF]-(x:Entity) WHERE {{known(m)}} AND {{known(x)}}
  WITH m, x, startNode(m) AS member, endNode(m) AS bloc
  WITH m, x, {{as_known(member)}} AS memberv, {{as_known(bloc)}} AS blocv
  RETURN m.since AS date, m.since_precision AS precision, 'membership-began' AS event,
         memberv.name + ' joined ' + blocv.name AS summary, [x.id] AS related, m.sources AS source_ids,
         elementId(m) AS key
  UNION ALL
  MATCH (e)-[m:MEMBER_OF]-(x:Entity) WHERE m.until IS NOT NULL AND {{known(m)}} AND {{known(x)}}
  WITH m, x, startNode(m) AS member, endNode(m) AS bloc
  WITH m, x, {{as_known(member)}} AS memberv, {{as_known(bloc)}} AS blocv
  RETURN m.until AS date, m.until_precision AS precision, 'membership-ended' AS event,
         memberv.name + ' left ' + blocv.name AS summary, [x.id] AS related, m.sources AS source_ids,
         elementId(m) AS key
  UNION ALL
  MATCH (e)-[p:HOLDS_POSITION]-(x:Entity) WHERE p.since IS NOT NULL AND {{known(p)}} AND {{known(x)}}
  WITH p, x, startNode(p) AS person, endNode(p) AS org
  WITH p, x, {{as_known(person)}} AS personv, {{as_known(org)}} AS orgv
  RETURN p.since AS date, p.since_precision AS precision, 'position-began' AS event,
         personv.name + ' became ' + p.title + ', ' + orgv.name AS summary, [x.id] AS related, p.sources AS source_ids,
         elementId(p) AS key
  UNION ALL
  MATCH (e)-[p:HOLDS_POSITION]-(x:Entity) WHERE p.until IS NOT NULL AND {{known(p)}} AND {{known(x)}}
  WITH p, x, startNode(p) AS person, endNode(p) AS org
  WITH p, x, {{as_known(person)}} AS personv, {{as_known(org)}} AS orgv
  RETURN p.until AS date, p.until_precision AS precision, 'position-ended' AS event,
         personv.name + ' left the post of ' + p.title + ', ' + orgv.name AS summary, [x.id] AS related, p.sources AS source_ids,
         elementId(p) AS key
  UNION ALL
  // Walked to from e (a label scan would read every agreement).
  CALL (e) {
    MATCH (e)-[pt:PARTY_TO]->(a:Agreement) WHERE {{known(pt)}} RETURN a
    UNION
    WITH e WHERE e:Agreement RETURN e AS a
  }
  WITH e, a WHERE {{known(a)}}
  WITH e, a, {{as_known(a)}} AS av
  UNWIND range(0, size(av.status_dates) - 1) AS i
  WITH e, a, av, i WHERE av.status_dates[i] >= $from AND av.status_dates[i] <= $to
  RETURN av.status_dates[i] AS date, CASE av.status_precisions[i] WHEN 'day' THEN null ELSE av.status_precisions[i] END AS precision,
         'agreement-' + av.status_history[i] AS event, av.title + ': ' + av.status_history[i] AS summary,
         [a.id] + [(o)-[op:PARTY_TO]->(a) WHERE o <> e AND {{known(op)}} AND {{known(o)}} | o.id] AS related,
         [(a)-[r:REPORTED_IN]->(s) WHERE av.status_history[i] IN r.reports AND {{known(r)}} AND {{known(s)}} | s.id] AS source_ids,
         a.id + '#' + toString(i) AS key
  UNION ALL
  CALL (e) {
    MATCH (st:Statement)-[r:BY|ABOUT|ATTRIBUTES]->(e) WHERE {{known(r)}} RETURN st
    UNION
    WITH e WHERE e:Statement RETURN e AS st
  }
  WITH e, st WHERE {{known(st)}}
  WITH e, st, {{as_known(st)}} AS stv
  WHERE stv.said_on >= $from AND stv.said_on <= $to
  RETURN stv.said_on AS date, stv.said_on_precision AS precision, 'statement' AS event,
         [(st)-[b:BY]->(sp) WHERE {{known(b)}} AND {{known(sp)}} | {{as_known(sp)}}.name][0] + ': ' + stv.summary AS summary,
         [(st)-[r:BY|ABOUT|ATTRIBUTES]->(x) WHERE x <> e AND {{known(r)}} AND {{known(x)}} | x.id] AS related,
         [(st)-[r:REPORTED_IN]->(s) WHERE {{known(r)}} AND {{known(s)}} | s.id] AS source_ids,
         st.id AS key
  UNION ALL
  CALL (e) {
    MATCH (e)-[r:ATTENDED]->(ev:Event) WHERE {{known(r)}} RETURN ev
    UNION
    MATCH (ev:Event)-[r:PRODUCED]->(e) WHERE {{known(r)}} RETURN ev
    UNION
    WITH e WHERE e:Event RETURN e AS ev
  }
  WITH e, ev WHERE {{known(ev)}}
  WITH e, ev, {{as_known(ev)}} AS evv
  WHERE evv.date >= $from AND evv.date <= $to
  RETURN evv.date AS date, evv.date_precision AS precision, 'event' AS event, evv.name AS summary,
         [(p)-[r:ATTENDED]->(ev) WHERE p <> e AND {{known(r)}} AND {{known(p)}} | p.id] AS related,
         [(ev)-[r:REPORTED_IN]->(s) WHERE {{known(r)}} AND {{known(s)}} | s.id] AS source_ids,
         ev.id AS key
  UNION ALL
  CALL (e) {
    MATCH (i:Incident)-[r:TARGETED|CARRIED_OUT_BY]->(e) WHERE {{known(r)}} RETURN i
    UNION
    WITH e WHERE e:Incident RETURN e AS i
  }
  WITH e, i WHERE {{known(i)}}
  WITH e, i, {{as_known(i)}} AS iv
  WHERE iv.started_on >= $from AND iv.started_on <= $to
  RETURN iv.started_on AS date, iv.started_on_precision AS precision, 'incident' AS event, iv.name AS summary,
         [(i)-[r:TARGETED|CARRIED_OUT_BY]->(x) WHERE x <> e AND {{known(r)}} AND {{known(x)}} | x.id] AS related,
         [(i)-[r:REPORTED_IN]->(s) WHERE {{known(r)}} AND {{known(s)}} | s.id] AS source_ids,
         i.id AS key
}
WITH date, precision, event, summary, related, source_ids, key
WHERE date >= $from AND date <= $to
// The page is cut before each row's sources are read. key (the fact's own:
// a relationship's element id, an entity's id, an agreement's id and step)
// is unique within a kind of event, so it breaks every tie of one date,
// kind and summary, and pages neither repeat nor skip a row; Neo4j's top-N
// sort keeps no order among ties. It is no column of the answer.
WITH date, precision, event, summary, related, source_ids, key ORDER BY date, event, summary, key
SKIP $page_offset LIMIT $page_limit
CALL (source_ids) {
  MATCH (source:Entity:Source) WHERE source.id IN source_ids AND {{known(source)}}
  WITH {{as_known(source)}} AS s
  RETURN collect({{source_projection}}) AS sources
}
RETURN date, precision, event, summary, related, sources
ORDER BY date, event, summary, key
