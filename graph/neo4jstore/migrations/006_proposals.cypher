// The review queue: proposals are found by id, and listed by status.
CREATE CONSTRAINT proposal_id_unique IF NOT EXISTS FOR (p:Proposal) REQUIRE p.id IS UNIQUE;
CREATE INDEX proposal_status IF NOT EXISTS FOR (p:Proposal) ON (p.status)
