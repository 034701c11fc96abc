// description: Entities whose id is the text asked, or whose name or alias the full-text index matches, best first.
// param: id string -- The text asked, trimmed: an exact id match ranks first.
// param: lucene string -- The Lucene query built from the text, every character escaped.
// param: limit integer -- The most hits to return.
// param: kind string? -- Only entities with this kind label; null for any.
// param: exact string -- The text asked, lower case with spaces collapsed, to rank exact names first.
CALL () {
  MATCH (n:Entity {id: $id}) RETURN n AS node, 1000.0 AS score
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: $limit * 5}) YIELD node, score
  RETURN node, score
}
WITH node, max(score) AS score
WHERE $kind IS NULL OR $kind IN labels(node)
// A name or alias spelt exactly as asked beats any partial match.
WITH node, score + CASE WHEN toLower(node.name) = $exact OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $exact)
                        THEN 100.0 ELSE 0.0 END AS score
// Things in the world rank before the statements and sources that mention them.
RETURN node.id AS id, labels(node) AS labels, node.name AS name, coalesce(node.aliases, []) AS aliases, score,
       CASE WHEN node:Source OR node:Statement THEN 1 ELSE 0 END AS mention
ORDER BY mention, score DESC, id
LIMIT $limit
