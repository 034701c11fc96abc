// description: The node of one entity the graph knew on an instant, where a walk starts, and its version then.
// param: id string -- The entity's id.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (n:Entity {id: $id}) WHERE {{known(n)}} RETURN n, {{as_known(n)}} AS version
