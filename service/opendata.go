package service

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata"
	"github.com/cyberkg/cyberkg/opendata/mispgalaxy"
	"github.com/cyberkg/cyberkg/seed"
)

// Open data formats ImportOpenData reads.
const (
	FormatMISPGalaxy = "misp-galaxy"
	FormatSTIX       = "stix"
)

// OpenDataFormats lists them, for flags and parameters.
var OpenDataFormats = []string{FormatMISPGalaxy, FormatSTIX}

// OpenData is one import of an open data set's file.
type OpenData struct {
	Format string
	Name   string // the file's name, for errors
	Data   []byte
	// Dataset names the data set whose whole this file is; "" for the
	// format's own (misp-galaxy; a STIX bundle's producer).
	Dataset string
	Caller  Caller
	Reason  string
	DryRun  bool
}

// OpenDataReport is what the conversion found and what the import wrote.
type OpenDataReport struct {
	Conversion *opendata.Report    `json:"conversion"`
	Change     *graph.ChangeReport `json:"change"`
}

// knownKinds are the entities a conversion resolves names and ids against:
// every kind but statements, whose ids no data set uses.
var knownKinds = slices.DeleteFunc(slices.Clone(graph.KindLabels), func(k string) bool { return k == "Statement" })

// ImportOpenData converts a data set's file into the seed's format and
// imports it as that data set: its facts are owned by it, an import of a
// newer version reports what it adds, changes and retracts, and importing
// the same version again changes nothing.
func (s *Service) ImportOpenData(ctx context.Context, im OpenData) (*OpenDataReport, error) {
	known, err := s.Names(ctx, knownKinds)
	if err != nil {
		return nil, err
	}
	var doc opendata.Document
	var report *opendata.Report
	switch im.Format {
	case FormatMISPGalaxy:
		c, err := mispgalaxy.Convert(im.Data, known)
		if err != nil {
			return nil, err
		}
		doc, report = c.Document, c.Report
	default:
		return nil, graph.InvalidParam("format", "unknown open data format %q; known: %v", im.Format, OpenDataFormats)
	}
	if im.Dataset != "" {
		report.Dataset = im.Dataset
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	change, err := s.ImportFacts(ctx, Import{Documents: []seed.Document{{Name: im.Name, Data: data}}, Caller: im.Caller,
		Reason: im.Reason, DryRun: im.DryRun, Dataset: report.Dataset})
	if err != nil {
		return nil, err
	}
	return &OpenDataReport{Conversion: report, Change: change}, nil
}
