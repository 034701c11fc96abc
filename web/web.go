// Package web is the graph explorer the API serves at /: the page, its
// stylesheet and its bundled script (Cytoscape.js included), built from src/
// by `npm run build` into dist/ and embedded here, so the binary needs no
// Node.js at run time. scripts/run, scripts/test and the Dockerfile build it.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the built explorer, rooted at dist/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Built reports whether the explorer was built before this binary was compiled.
func Built() bool {
	_, err := fs.Stat(Files(), "index.html")
	return err == nil
}
