// Statement @ (its version as known, see as_known) had been made on $as_of:
// said on or before it, or a data set's undated standing claim (no said_on),
// which every as_of answer shows; known_on tells when the graph learned it.
(@.said_on IS NULL OR @.said_on <= $as_of)
