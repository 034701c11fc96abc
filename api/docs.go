package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed docs.html
var docsTemplate string

var docsPage = template.Must(template.New("docs").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
	"json": func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	},
}).Parse(docsTemplate))

// docOperation is one route of the reference page.
type docOperation struct {
	Method, Path, Summary, Description string
	Parameters                         []map[string]any
	Responses                          []string
	Catalog                            bool
}

// handleDocs renders the OpenAPI document as a page for people.
func handleDocs(openapi []byte) gin.HandlerFunc {
	var doc struct {
		Info  map[string]any                       `json:"info"`
		Paths map[string]map[string]map[string]any `json:"paths"`
	}
	page := []byte("the API reference could not be built")
	if err := json.Unmarshal(openapi, &doc); err == nil {
		var ops []docOperation
		for path, methods := range doc.Paths {
			for method, op := range methods {
				d := docOperation{Method: method, Path: path}
				d.Summary, _ = op["summary"].(string)
				d.Description, _ = op["description"].(string)
				if tags, ok := op["tags"].([]any); ok && len(tags) > 0 {
					d.Catalog = true
				}
				if params, ok := op["parameters"].([]any); ok {
					for _, p := range params {
						d.Parameters = append(d.Parameters, p.(map[string]any))
					}
				}
				for status := range op["responses"].(map[string]any) {
					d.Responses = append(d.Responses, status)
				}
				sort.Strings(d.Responses)
				ops = append(ops, d)
			}
		}
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Catalog != ops[j].Catalog {
				return !ops[i].Catalog
			}
			return ops[i].Path < ops[j].Path
		})
		var buf bytes.Buffer
		if err := docsPage.Execute(&buf, map[string]any{"Info": doc.Info, "Operations": ops}); err == nil {
			page = buf.Bytes()
		}
	}
	return func(c *gin.Context) {
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	}
}
