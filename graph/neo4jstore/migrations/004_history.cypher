// Recorded time: each write is a :Change, found by its id and by the
// idempotency key it was sent with (unique, so a retry racing the original
// cannot write twice); :Revision nodes are found by the entity they belong to.
CREATE CONSTRAINT change_id_unique IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT change_idempotency_key_unique IF NOT EXISTS FOR (c:Change) REQUIRE c.idempotency_key IS UNIQUE;
CREATE INDEX change_recorded_at IF NOT EXISTS FOR (c:Change) ON (c.recorded_at);
CREATE INDEX revision_id IF NOT EXISTS FOR (v:Revision) ON (v.id)
