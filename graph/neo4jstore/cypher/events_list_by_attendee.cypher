// description: The events an entity attended (ATTENDED) that are dated on a day, by id, as the graph knew them on an instant: what the news reader matches an article's event against (the same day, one of the same attendees). No row when the entity is not known then.
// param: attendee string -- The attending entity's id.
// param: date date -- The day of the events wanted.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (who:Entity {id: $attendee})-[r:ATTENDED]->(ev:Event)
WHERE {{known(who)}} AND {{known(r)}} AND {{known(ev)}}
WITH ev, {{as_known(ev)}} AS evv
WHERE evv.date = $date
RETURN ev.id AS id, evv.name AS name
ORDER BY id
