// description: One proposal by id.
// param: id string -- The proposal's id.
MATCH (p:Proposal {id: $id})
RETURN p {.*} AS proposal
