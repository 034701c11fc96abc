// description: The keys of the current facts an owner holds, entities and relationship facts (memberships, positions, PART_OF), for a load that withdraws what its files no longer assert; an entity an earlier loader wrote (seed_file, no owner) counts as the seed's.
// param: owner string -- The owner, e.g. seed.
// param: legacy boolean -- Whether entities with seed_file and no owner count as the owner's.
CALL () {
  MATCH (n:Entity)
  WHERE n.recorded_until IS NULL AND (n.owner = $owner OR ($legacy AND n.owner IS NULL AND n.seed_file IS NOT NULL))
  RETURN n.id AS key, n.id AS anchor, '' AS type
  UNION
  MATCH (a:Entity)-[r:MEMBER_OF|HOLDS_POSITION|PART_OF]->(:Entity)
  WHERE r.recorded_until IS NULL AND r.owner = $owner AND r.fact IS NOT NULL
  RETURN DISTINCT r.fact AS key, a.id AS anchor, type(r) AS type
}
RETURN key, anchor, type
