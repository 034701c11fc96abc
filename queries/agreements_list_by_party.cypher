// description: Agreements a country or bloc is party to, with each one's status as of a date (the last status observed on or before it), optionally only those with a given status or scope.
// param: party id(Entity) = RUS -- A country or bloc, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: known_on instant = now -- Answer with what the graph said at this time, corrections and retractions made since left out: YYYY-MM-DD (the end of that day, UTC), an RFC 3339 timestamp (2026-11-29T17:03:00Z), or now.
// param: status string = null one-of draft,ready-to-sign,signed,in-force,terminated -- Keep only agreements with this status as of the date.
// param: scope string = null one-of bilateral,multilateral -- Keep only bilateral or only multilateral agreements.
MATCH (party:Entity {id: $party})-[pt:PARTY_TO]->(a:Agreement)
WHERE {{known(party)}} AND {{known(pt)}} AND {{known(a)}}
// av is the agreement as the graph knew it then; a is kept to walk from.
WITH a, {{as_known(a)}} AS av
WHERE $scope IS NULL OR av.scope = $scope
WITH a, av, {{status_seen_as_of(av)}} AS seen
WHERE size(seen) > 0 AND ($status IS NULL OR av.status_history[seen[-1]] = $status)
// The page is cut before each row's parties and sources are read.
WITH a, av, seen ORDER BY av.status_dates[seen[-1]], a.id
SKIP $page_offset LIMIT $page_limit
CALL (a) {
  MATCH (other:Entity)-[op:PARTY_TO]->(a) WHERE other.id <> $party AND {{known(op)}} AND {{known(other)}}
  WITH other ORDER BY other.id
  RETURN collect(other.id) AS other_parties
}
CALL (a) {
  OPTIONAL MATCH (a)-[w:WITHIN]->(b:Bloc) WHERE {{known(w)}} AND {{known(b)}}
  RETURN b.id AS within
}
CALL (a) {
  MATCH (a)-[ri:REPORTED_IN]->(source:Source) WHERE {{known(ri)}} AND {{known(source)}}
  WITH {{as_known(source)}} AS s
  RETURN collect(DISTINCT {{source_projection}}) AS sources
}
RETURN a.id AS agreement,
       av.title AS title,
       av.scope AS scope,
       other_parties,
       within,
       av.status_history[seen[-1]] AS status,
       av.status_dates[seen[-1]] AS status_since,
       av.status_precisions[seen[-1]] AS status_since_precision,
       av.signed_on AS signed_on,
       av.signed_on_precision AS signed_on_precision,
       sources
ORDER BY status_since, agreement
