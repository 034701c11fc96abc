// description: The dated facts around an entity, in date order: memberships begun and ended, positions taken and left, each observed status of its agreements, statements by or about it, events it took part in, incidents it was involved in — each with its sources.
// param: id id(Entity) = RUS -- The entity, by id.
// param: from date = 1900 -- Only facts dated on or after this date.
// param: to date = today -- Only facts dated on or before this date.
MATCH (e:Entity {id: $id})
CALL (e) {
  MATCH (e)-[m:MEMBER_OF]-(x:Entity)
  RETURN m.since AS date, m.since_precision AS precision, 'membership-began' AS event,
         startNode(m).name + ' joined ' + endNode(m).name AS summary, [x.id] AS related, m.sources AS source_ids
  UNION ALL
  MATCH (e)-[m:MEMBER_OF]-(x:Entity) WHERE m.until IS NOT NULL
  RETURN m.until AS date, m.until_precision AS precision, 'membership-ended' AS event,
         startNode(m).name + ' left ' + endNode(m).name AS summary, [x.id] AS related, m.sources AS source_ids
  UNION ALL
  MATCH (e)-[p:HOLDS_POSITION]-(x:Entity) WHERE p.since IS NOT NULL
  RETURN p.since AS date, p.since_precision AS precision, 'position-began' AS event,
         startNode(p).name + ' became ' + p.title + ', ' + endNode(p).name AS summary, [x.id] AS related, p.sources AS source_ids
  UNION ALL
  MATCH (e)-[p:HOLDS_POSITION]-(x:Entity) WHERE p.until IS NOT NULL
  RETURN p.until AS date, p.until_precision AS precision, 'position-ended' AS event,
         startNode(p).name + ' left the post of ' + p.title + ', ' + endNode(p).name AS summary, [x.id] AS related, p.sources AS source_ids
  UNION ALL
  MATCH (a:Agreement) WHERE a = e OR (e)-[:PARTY_TO]->(a)
  UNWIND range(0, size(a.status_dates) - 1) AS i
  RETURN a.status_dates[i] AS date, CASE a.status_precisions[i] WHEN 'day' THEN null ELSE a.status_precisions[i] END AS precision,
         'agreement-' + a.status_history[i] AS event, a.title + ': ' + a.status_history[i] AS summary,
         [a.id] + [(o)-[:PARTY_TO]->(a) WHERE o <> e | o.id] AS related,
         [(a)-[r:REPORTED_IN]->(s) WHERE a.status_history[i] IN r.reports | s.id] AS source_ids
  UNION ALL
  MATCH (st:Statement) WHERE st = e OR (st)-[:BY|ABOUT|ATTRIBUTES]->(e)
  RETURN st.said_on AS date, st.said_on_precision AS precision, 'statement' AS event,
         [(st)-[:BY]->(sp) | sp.name][0] + ': ' + st.summary AS summary,
         [(st)-[:BY|ABOUT|ATTRIBUTES]->(x) WHERE x <> e | x.id] AS related,
         [(st)-[:REPORTED_IN]->(s) | s.id] AS source_ids
  UNION ALL
  MATCH (ev:Event) WHERE ev = e OR (e)-[:ATTENDED]->(ev) OR (ev)-[:PRODUCED]->(e)
  RETURN ev.date AS date, ev.date_precision AS precision, 'event' AS event, ev.name AS summary,
         [(p)-[:ATTENDED]->(ev) WHERE p <> e | p.id] AS related, [(ev)-[:REPORTED_IN]->(s) | s.id] AS source_ids
  UNION ALL
  MATCH (i:Incident) WHERE i = e OR (i)-[:TARGETED|CARRIED_OUT_BY]->(e)
  RETURN i.started_on AS date, i.started_on_precision AS precision, 'incident' AS event, i.name AS summary,
         [(i)-[:TARGETED|CARRIED_OUT_BY]->(x) WHERE x <> e | x.id] AS related, [(i)-[:REPORTED_IN]->(s) | s.id] AS source_ids
}
WITH date, precision, event, summary, related, source_ids
WHERE date >= $from AND date <= $to
CALL (source_ids) {
  MATCH (s:Entity:Source) WHERE s.id IN source_ids
  RETURN collect({{source_projection}}) AS sources
}
RETURN date, precision, event, summary, related, sources
ORDER BY date, event, summary
