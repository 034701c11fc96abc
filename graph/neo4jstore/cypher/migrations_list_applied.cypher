// description: The versions of the migrations applied so far.
MATCH (m:SchemaMigration) RETURN m.version AS version
