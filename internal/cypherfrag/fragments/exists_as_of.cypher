// An entity n existed on $as_of: dated no later than it, or undated.
coalesce(n.said_on, n.date, n.started_on, n.status_dates[0], $as_of) <= $as_of
