// description: The current entities of some kinds with their names, aliases and external ids, for an open-data import to resolve the names and ids its data set uses (a victim named "NATO", ATT&CK's G0007) to entities the graph has, and with what an import that merges into one must keep (its description, note, sources).
// param: kinds list<string> -- The kind labels wanted, e.g. Country, Organization, ThreatActor.
// param: known_on datetime? -- The recorded time asked about (graph.KnownOn); null for now.
MATCH (n:Entity)
WHERE {{known(n)}} AND any(label IN labels(n) WHERE label IN $kinds)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, coalesce(n.aliases, []) AS aliases,
       coalesce(n.external_ids, []) AS external_ids, n.iso2 AS iso2, n.owner AS owner,
       n.description AS description, n.description_attribution AS description_attribution, n.wikidata AS wikidata,
       n.note AS note, [(n)-[r:REPORTED_IN]->(s:Source) WHERE {{known(r)}} AND {{known(s)}} | s.id] AS sources
ORDER BY id
