// The graph's version: one :GraphVersion node, its number bumped and its
// time set by every write transaction that changes a fact, under a lock all
// writers take first. An API process keeps answers with the version they
// were read at, and serves one again only while the version is the same:
// the constraint makes the writers' MERGE of that node safe.
CREATE CONSTRAINT graph_version_id_unique IF NOT EXISTS FOR (g:GraphVersion) REQUIRE g.id IS UNIQUE
