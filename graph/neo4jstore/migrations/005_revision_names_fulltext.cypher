// Search over the names and aliases that corrections replaced, so that a
// search asked known_on a past instant finds an entity by its name then.
CREATE FULLTEXT INDEX revision_names IF NOT EXISTS FOR (v:Revision) ON EACH [v.name, v.aliases]
