// description: Agreements a country or bloc is party to, with each one's status as of a date (the last status observed on or before it), optionally only those with a given status or scope.
// param: party id(Entity) = RUS -- A country or bloc, by id.
// param: as_of date = today -- Answer as the graph stood on this date (YYYY-MM-DD, YYYY-MM or YYYY).
// param: status string = null one-of draft,ready-to-sign,signed,in-force,terminated -- Keep only agreements with this status as of the date.
// param: scope string = null one-of bilateral,multilateral -- Keep only bilateral or only multilateral agreements.
MATCH (:Entity {id: $party})-[:PARTY_TO]->(a:Agreement)
WHERE $scope IS NULL OR a.scope = $scope
WITH a, {{status_seen_as_of}} AS seen
WHERE size(seen) > 0 AND ($status IS NULL OR a.status_history[seen[-1]] = $status)
CALL (a) {
  MATCH (other:Entity)-[:PARTY_TO]->(a) WHERE other.id <> $party
  WITH other ORDER BY other.id
  RETURN collect(other.id) AS other_parties
}
CALL (a) {
  OPTIONAL MATCH (a)-[:WITHIN]->(b:Bloc)
  RETURN b.id AS within
}
CALL (a) {
  MATCH (a)-[:REPORTED_IN]->(s:Source)
  RETURN collect(DISTINCT {{source_projection}}) AS sources
}
RETURN a.id AS agreement,
       a.title AS title,
       a.scope AS scope,
       other_parties,
       within,
       a.status_history[seen[-1]] AS status,
       a.status_dates[seen[-1]] AS status_since,
       a.status_precisions[seen[-1]] AS status_since_precision,
       a.signed_on AS signed_on,
       a.signed_on_precision AS signed_on_precision,
       sources
ORDER BY status_since, agreement
