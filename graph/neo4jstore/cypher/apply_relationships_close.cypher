// description: Closes relationships that a change retracts or replaces: they stay, with the time and the change that closed them; counts them.
// param: ids list<string> -- The relationships' element ids, as apply_facts_read returned them.
// param: now datetime -- The change's recorded time.
// param: change string -- The change's id.
// param: owner string -- Who closed them: a re-seed leaves alone what an analyst retracted.
UNWIND $ids AS eid
MATCH ()-[r]->() WHERE elementId(r) = eid
SET r.recorded_until = $now, r.closed_by = $change, r.closed_owner = $owner
RETURN count(r)
