// Package seed holds the seed graph as YAML files an analyst can read and
// edit (data/), the JSON Schema they must satisfy (schema.json), and the
// parser that validates them and turns them into a graph.Dataset. Every
// refusal names the file, the line and the reason.
package seed

import (
	"embed"
	"io/fs"
)

//go:embed schema.json data/*.yaml data/country-codes.csv
var embedded embed.FS

// Files returns the seed files built into the binary, as a folder of *.yaml.
func Files() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
