// description: Takes the write lock of each entity a change touches, in id order, so what the change reads next cannot change under it (no lost update) and its recorded time comes after every version it replaces; returns that time.
// param: ids list<string> -- The ids of the entities the change touches, sorted.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
SET n.lock = true
REMOVE n.lock
WITH max(n.version_from) AS latest
WITH latest, datetime.realtime() AS clock
RETURN CASE WHEN latest IS NULL OR clock > latest THEN clock ELSE latest + duration({nanoseconds: 1000}) END AS now
