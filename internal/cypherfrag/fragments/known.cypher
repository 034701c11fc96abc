// A node or relationship @ is in the graph as known on $known_on (a DATETIME;
// null means now): recorded by then (no recorded_from: since always) and not
// yet retracted or replaced (no recorded_until: current). Strictly true or false.
((@.recorded_until IS NULL OR ($known_on IS NOT NULL AND @.recorded_until > $known_on))
 AND ($known_on IS NULL OR @.recorded_from IS NULL OR @.recorded_from <= $known_on))
