// description: Removes the relationships an earlier loader wrote without a fact key (before recorded time), so the seed load writes them again as versioned facts; counts them. Only the seed's own entities are touched.
UNWIND [1] AS once
MATCH (n:Entity)-[r]->(:Entity)
WHERE n.seed_file IS NOT NULL AND r.fact IS NULL
DELETE r
RETURN count(*)
