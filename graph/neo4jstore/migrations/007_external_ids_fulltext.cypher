// Search also finds an entity by its id in another data set (ATT&CK's
// G0007, a MISP galaxy UUID), kept in external_ids as scheme:value. The
// classic analyzer splits "mitre-attack:G0007" at the colon, where the
// standard one keeps "attack:g0007" as one word.
CREATE FULLTEXT INDEX entity_external_ids IF NOT EXISTS FOR (n:Entity) ON EACH [n.external_ids]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'classic'}}
