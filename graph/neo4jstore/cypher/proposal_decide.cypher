// description: Closes an open proposal as accepted or rejected, with who, when, why and (accepted) the change that wrote it; no row when it is not open.
// param: id string -- The proposal's id.
// param: status string -- accepted or rejected.
// param: reviewer string -- The reviewer's key name.
// param: at datetime -- When.
// param: reason string -- Why (rejected), or a note (accepted); may be null.
// param: change string -- The change that wrote the facts; null when rejected.
MATCH (p:Proposal {id: $id})
// The lock first, then the test: two reviewers deciding at once are serialised,
// and the second sees the first's decision.
SET p.lock = true
REMOVE p.lock
WITH p
WHERE p.status = 'open'
SET p.status = $status, p.reviewed_by = $reviewer, p.reviewed_at = $at, p.reason = $reason, p.change = $change
RETURN p {.*} AS proposal
