// description: The change recorded under an idempotency key, if any: the hash of its request and its report.
// param: key string -- The author-scoped idempotency key.
MATCH (c:Change {idempotency_key: $key})
RETURN c.request_hash AS request_hash, c.report AS report
