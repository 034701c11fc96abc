// A relationship r held on $as_of: begun by then, not yet ended.
(r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)
