// The version of node @ as known on $known_on (null: now), whose properties to
// read: @ itself when its current version was recorded by then (no
// version_from: since always), else its :Revision current then (@ itself if
// none is). Traverse from @, not from this: a :Revision has no relationships.
(CASE WHEN $known_on IS NULL OR @.version_from IS NULL OR @.version_from <= $known_on THEN @
      ELSE coalesce(head([(@)-[:REVISION]->(known_version:Revision)
                          WHERE (known_version.version_from IS NULL OR known_version.version_from <= $known_on)
                            AND known_version.version_until > $known_on | known_version]), @) END)
