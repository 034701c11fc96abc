// description: Records a proposal: candidate facts (a seed-format document) with their evidence and confidence, open for review; returns it.
// param: proposal map -- Its properties: id, status, proposed_by, proposed_at, document, evidence (JSON), matches (JSON, optional), confidence, note, facts, entities.
CREATE (p:Proposal)
SET p = $proposal
RETURN p {.*} AS proposal
