// description: The trivial statement: the round trip to Neo4j and back, the baseline of the benchmarks.
RETURN 1 AS one
