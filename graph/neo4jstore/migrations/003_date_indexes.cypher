// Range indexes on the dates that as-of questions filter by.
CREATE INDEX member_of_dates IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.since, r.until);
CREATE INDEX holds_position_dates IF NOT EXISTS FOR ()-[r:HOLDS_POSITION]-() ON (r.since, r.until);
CREATE INDEX agreement_signed_on IF NOT EXISTS FOR (n:Agreement) ON (n.signed_on);
CREATE INDEX statement_said_on IF NOT EXISTS FOR (n:Statement) ON (n.said_on);
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX incident_started_on IF NOT EXISTS FOR (n:Incident) ON (n.started_on)
