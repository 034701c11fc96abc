// description: What the explorer groups a walk's statements and threat actors by: a statement's speaker (BY), and a threat actor's suspected sponsor (the state a claim made by the walk's date attributes it to, a denial excepted, as targets_list_by_sponsor and suspicions_list_by_bloc read suspected sponsors; the first by id when claims differ), as the graph knew them on an instant.
// param: ids list<string> -- The entity ids of the walk.
// param: as_of date -- The date of the walk: later claims do not group.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE (n:Statement OR n:ThreatActor) AND {{known(n)}}
CALL (n) {
  MATCH (n:Statement)-[b:BY]->(speaker:Entity)
  WHERE {{known(b)}} AND {{known(speaker)}}
  WITH speaker ORDER BY speaker.id LIMIT 1
  RETURN 'speaker' AS by, speaker AS group
  UNION
  MATCH (n:ThreatActor)<-[ab:ABOUT]-(claim:Statement)-[r:ATTRIBUTES]->(sponsor:Country)
  // A denial is a claim too (actors_list_by_sponsor lists it, verdict
  // denied) but no suspicion: it must not name the actor's group.
  WHERE r.verdict <> 'denied' AND {{known(ab)}} AND {{known(claim)}} AND {{known(r)}} AND {{known(sponsor)}}
  WITH sponsor, {{as_known(claim)}} AS stv
  WHERE {{said_as_of(stv)}}
  WITH sponsor ORDER BY sponsor.id LIMIT 1
  RETURN 'suspected_sponsor' AS by, sponsor AS group
}
WITH n, by, {{as_known(group)}} AS g
RETURN n.id AS id, by, g.id AS group_id, g.name AS group_name
