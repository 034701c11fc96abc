// description: Takes the graph's write lock (its :GraphVersion node), then the write lock of each entity a change touches, in id order, so what the change reads next cannot change under it (no lost update); returns its recorded time, later than the graph's last change and every version it replaces, so recorded times follow the order of commits and known_on at a version's time is exactly that version.
// param: ids list<string> -- The ids of the entities the change touches, sorted.
MERGE (g:GraphVersion {id: 'graph'})
SET g.lock = true
REMOVE g.lock
WITH g
CALL (g) {
  UNWIND $ids AS id
  OPTIONAL MATCH (n:Entity {id: id})
  SET n.lock = true
  REMOVE n.lock
  RETURN max(n.version_from) AS latest
}
WITH datetime.realtime() AS clock,
     [t IN [latest, g.at] WHERE t IS NOT NULL | t + duration({nanoseconds: 1000})] AS after
RETURN reduce(now = clock, t IN after | CASE WHEN t > now THEN t ELSE now END) AS now
