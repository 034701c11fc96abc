// The indexes of the statuses of agreement a observed on or before $as_of,
// oldest first (status_dates is in date order); the last is its status then.
[i IN range(0, size(a.status_dates) - 1) WHERE a.status_dates[i] <= $as_of | i]
