// The indexes of the statuses of agreement @ (its version as known, see
// as_known) observed on or before $as_of, oldest first (status_dates is in
// date order); the last is its status then.
[i IN range(0, size(@.status_dates) - 1) WHERE @.status_dates[i] <= $as_of | i]
