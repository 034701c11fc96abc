// description: Proposals, newest first, optionally only those with a status, by one author, or naming one entity; without their documents, which GET /v1/proposals/{id} gives.
// param: status string -- open, accepted or rejected; null for any.
// param: author string -- The proposer's key name; null for any.
// param: entity string -- An entity id the candidate facts name; null for any.
// param: limit integer -- At most this many.
MATCH (p:Proposal)
WHERE ($status IS NULL OR p.status = $status)
  AND ($author IS NULL OR p.proposed_by = $author)
  AND ($entity IS NULL OR $entity IN p.entities)
RETURN p {.*, document: null} AS proposal
ORDER BY p.proposed_at DESC
LIMIT $limit
