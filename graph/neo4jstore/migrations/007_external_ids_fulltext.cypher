// Search also finds an entity by its id in another data set (ATT&CK G0007,
// a MISP galaxy UUID): the names index grows to cover external_ids.
DROP INDEX entity_names IF EXISTS;
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.external_ids]
