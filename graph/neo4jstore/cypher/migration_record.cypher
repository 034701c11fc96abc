// description: Records that a migration has been applied, once.
// param: version string -- The migration's version, its file name without .cypher.
// param: now datetime -- When it was applied.
MERGE (m:SchemaMigration {version: $version}) ON CREATE SET m.applied_at = $now
