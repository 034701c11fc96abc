// description: Retracts entities: each keeps its properties, labels and id, gains :Retracted, and is closed now; counts them.
// param: ids list<string> -- The entities' ids.
// param: now datetime -- The change's recorded time.
// param: change string -- The change's id.
// param: owner string -- Who retracted them, who owns the retraction: a re-seed leaves alone what an analyst retracted.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n:Retracted, n.recorded_until = $now, n.retracted_by = $change, n.owner = $owner
RETURN count(n)
