// An entity existed on $as_of: dated no later than it, or undated. @ is the
// entity's version as known (see as_known), whose dates to read.
coalesce(@.said_on, @.date, @.started_on, @.status_dates[0], $as_of) <= $as_of
