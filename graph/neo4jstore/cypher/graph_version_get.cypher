// description: Reads the graph's version: the number of changes written and the recorded time of the last (none before the first write).
MATCH (g:GraphVersion {id: 'graph'})
RETURN g.n AS n, g.at AS at
