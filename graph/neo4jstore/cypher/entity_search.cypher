// description: Entities the graph knew on an instant whose id is the text asked, or whose name, alias or external id (ATT&CK's G0007) then the full-text indexes match, best first. Names a correction replaced are searched (in :Revision nodes) only when asked about the past.
// param: id string -- The text asked, trimmed: an exact id match ranks first.
// param: lucene string -- The Lucene query built from the text, every character escaped.
// param: limit integer -- The most hits to return.
// param: kind string? -- Only entities with this kind label; null for any.
// param: exact string -- The text asked, lower case with spaces collapsed, to rank exact names first.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
// matched is the version whose name matched (null for the id): it counts
// only if it is the entity's version as known then.
CALL () {
  MATCH (n:Entity {id: $id}) RETURN n AS node, null AS matched, 1000.0 AS score
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: $limit * 5}) YIELD node, score
  RETURN node, node AS matched, score
  UNION
  CALL db.index.fulltext.queryNodes('entity_external_ids', $lucene, {limit: $limit * 5}) YIELD node, score
  RETURN node, node AS matched, score
  UNION
  CALL db.index.fulltext.queryNodes('revision_names', $lucene, {limit: $limit * 5}) YIELD node AS revision, score
  WITH revision, score WHERE $known_on IS NOT NULL
  MATCH (node:Entity)-[:REVISION]->(revision)
  RETURN node, revision AS matched, score
}
WITH node, matched, score WHERE {{known(node)}}
WITH node, matched, score, {{as_known(node)}} AS version
WHERE matched IS NULL OR matched = version
WITH node, version, max(score) AS score
WHERE $kind IS NULL OR $kind IN labels(node)
// A name or alias spelt exactly as asked beats any partial match.
WITH node, version, score + CASE WHEN toLower(version.name) = $exact OR any(a IN coalesce(version.aliases, []) WHERE toLower(a) = $exact)
                                 THEN 100.0 ELSE 0.0 END AS score
// Things in the world rank before the statements and sources that mention them.
RETURN node.id AS id, labels(node) AS labels, version.name AS name, coalesce(version.aliases, []) AS aliases, score,
       CASE WHEN node:Source OR node:Statement THEN 1 ELSE 0 END AS mention
ORDER BY mention, score DESC, id
LIMIT $limit
