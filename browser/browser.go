// Package browser holds what makes Neo4j Browser readable for cyberkg at
// once: a guide (the schema, the headline questions as runnable Cypher, how
// provenance and dates work) and a GraSS style (a colour and caption per
// kind). The API serves both; the local Neo4j and docker-compose tell
// Browser to load them after connecting.
package browser

import _ "embed"

//go:embed guide.html
var guide []byte

//go:embed cyberkg.grass
var style []byte

// Guide is the Browser guide, for ":play <url>".
func Guide() []byte { return guide }

// Style is the GraSS stylesheet, for ":style <url>".
func Style() []byte { return style }

// PostConnect is the Browser command that loads both from an API at base.
func PostConnect(base string) string {
	return "style " + base + "/browser/cyberkg.grass; play " + base + "/browser/guide.html"
}
