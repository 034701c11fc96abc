package service

import (
	"errors"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
)

// Documents turns an import's body into documents: the seed's YAML or JSON
// as it is, or a spreadsheet's CSV in one of seed.CSVLayouts.
func Documents(name string, body []byte, contentType, layout string) ([]seed.Document, error) {
	switch contentType {
	case "text/csv":
		doc, err := seed.FromCSV(name, layout, body)
		var errs seed.Errors
		if errors.As(err, &errs) {
			return nil, &InvalidDocument{Errors: errs}
		}
		if err != nil {
			return nil, err
		}
		return []seed.Document{doc}, nil
	case "", "application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/plain":
		if layout != "" {
			return nil, graph.InvalidParam("layout", "layout is for CSV bodies (Content-Type: text/csv)")
		}
		return []seed.Document{{Name: name, Data: body}}, nil
	default:
		return nil, graph.InvalidParam("Content-Type", "an import is YAML or JSON in the seed's format, or text/csv with a layout (%v); not %s", seed.CSVLayouts(), contentType)
	}
}
