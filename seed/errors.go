package seed

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Error is one reason a seed file was refused.
type Error struct {
	File   string
	Line   int
	Field  string // where in the document, e.g. agreements[0].parties[1]; "" for the whole file
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Errors is every reason the seed was refused, in file and line order, so an
// analyst can fix them all in one pass.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return fmt.Sprintf("seed refused (%d problem(s)):\n  %s", len(es), strings.Join(lines, "\n  "))
}

// doc is one parsed seed file, kept to find the line of any path in it.
type doc struct {
	name string
	data []byte
	ast  *ast.File // parsed when first needed, for a JSON document
}

// loc is a place in a seed file, as a YAML path such as $.agreements[3].parties[1].
type loc struct {
	doc  *doc
	path string
}

func (l loc) at(suffix string) loc { return loc{doc: l.doc, path: l.path + suffix} }

func (l loc) index(field string, i int) loc {
	return l.at(fmt.Sprintf(".%s[%d]", field, i))
}

// errorf makes an Error at this place.
func (l loc) errorf(format string, args ...any) *Error {
	return &Error{File: l.doc.name, Line: l.doc.line(l.path), Field: fieldOf(l.path), Reason: fmt.Sprintf(format, args...)}
}

// fieldOf is a path as an API client names a field: $.agreements[0].id -> agreements[0].id.
func fieldOf(path string) string {
	return strings.TrimPrefix(strings.TrimPrefix(path, "$"), ".")
}

// line finds the line of path, or of its nearest ancestor that exists (a
// missing property is reported at the object that lacks it).
func (d *doc) line(path string) int {
	if d.ast == nil {
		tree, err := parser.ParseBytes(d.data, 0)
		if err != nil {
			return 1
		}
		d.ast = tree
	}
	for p := path; p != "" && p != "$"; p = parent(p) {
		if line, ok := d.lineOf(p); ok {
			return line
		}
	}
	return 1
}

// lineOf finds the line of one path. go-yaml's path parser panics on some
// keys (a key "00[0" in FuzzParseDocuments): such a path has no line, and a
// document with it still gets its error.
func (d *doc) lineOf(path string) (line int, ok bool) {
	defer func() {
		if recover() != nil {
			line, ok = 0, false
		}
	}()
	yp, err := yaml.PathString(path)
	if err != nil {
		return 0, false
	}
	node, err := yp.FilterFile(d.ast)
	if err != nil || node == nil || node.GetToken() == nil {
		return 0, false
	}
	return node.GetToken().Position.Line, true
}

var lastStep = regexp.MustCompile(`(\.[^.\[]+|\[\d+\])$`)

// parent drops the last step of path; "" when it cannot (a key with a dot
// in it makes a path no step pattern ends), so a walk up always ends.
func parent(path string) string {
	up := lastStep.ReplaceAllString(path, "")
	if len(up) >= len(path) {
		return ""
	}
	return up
}

// yamlPath turns a JSON pointer's tokens into a YAML path: [agreements 3 parties] -> $.agreements[3].parties.
func yamlPath(tokens []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, t := range tokens {
		if _, err := strconv.Atoi(t); err == nil {
			fmt.Fprintf(&b, "[%s]", t)
		} else {
			b.WriteString("." + t)
		}
	}
	return b.String()
}

var syntaxPosition = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*`)

// syntaxError turns a YAML parser error into an Error with its line.
func syntaxError(name string, err error) *Error {
	msg := strings.TrimSpace(strings.SplitN(err.Error(), "\n", 2)[0])
	if m := syntaxPosition.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Reason: "YAML syntax: " + syntaxPosition.ReplaceAllString(msg, "")}
	}
	return &Error{File: name, Reason: "YAML syntax: " + msg}
}
