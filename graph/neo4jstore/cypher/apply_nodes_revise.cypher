// description: Gives entities a new version: the current properties move to a :Revision closed now, then the new ones replace them (a retracted entity that is asserted again is restored); counts them.
// param: rows list<map> -- One {id, props} per entity; props include the bookkeeping of the new version.
// param: now datetime -- The change's recorded time.
// param: change string -- The change's id.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
CREATE (n)-[:REVISION]->(v:Revision)
SET v = properties(n), v.version_until = $now, v.closed_by = $change
SET n = row.props
REMOVE n:Retracted
RETURN count(v)
