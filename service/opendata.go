package service

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/opendata/mispgalaxy"
	"github.com/cyberkg/cyberkg/seed"
)

// Open data formats ImportOpenData reads.
const (
	FormatMISPGalaxy = "misp-galaxy"
	FormatSTIX       = "stix"
)

var datasetName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// OpenDataFormats lists them, for flags and parameters.
var OpenDataFormats = []string{FormatMISPGalaxy, FormatSTIX}

// OpenData is one import of an open data set's file.
type OpenData struct {
	Format string
	Name   string // the file's name, for errors
	Data   []byte
	// Dataset, for a STIX bundle, names the data set release it is a copy
	// of (stix.Releases, e.g. mitre-attack-v18-1); "" for the one the bundle
	// describes itself. A MISP galaxy cluster is always misp-galaxy.
	Dataset string
	Caller  Caller
	Reason  string
	DryRun  bool
}

// OpenDataReport is what the conversion found (an opendata.Report, or a
// stix.Report for a bundle) and what the import wrote.
type OpenDataReport struct {
	Dataset    string              `json:"dataset"`
	Version    string              `json:"version,omitempty"`
	Unresolved int                 `json:"unresolved"` // names or references the conversion could not resolve
	Conversion any                 `json:"conversion"`
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
	if im.Dataset != "" && (len(im.Dataset) > 64 || !datasetName.MatchString(im.Dataset)) {
		return nil, graph.InvalidParam("dataset", "a data set's name is lower-case letters, digits and single dashes (mitre-attack-v18-1), at most 64 characters; got %q", im.Dataset)
	}
	switch im.Format {
	case FormatMISPGalaxy:
		if im.Dataset != "" && im.Dataset != mispgalaxy.Dataset {
			return nil, graph.InvalidParam("dataset", "a MISP galaxy cluster is the data set %s; got %q", mispgalaxy.Dataset, im.Dataset)
		}
		return s.importMISPGalaxy(ctx, im)
	case FormatSTIX:
		rep, err := s.ImportSTIX(ctx, im)
		if err != nil {
			return nil, err
		}
		return &OpenDataReport{Dataset: rep.Conversion.Dataset, Version: rep.Conversion.Version,
			Unresolved: len(rep.Conversion.Unresolved), Conversion: rep.Conversion, Change: rep.Change}, nil
	}
	return nil, graph.InvalidParam("format", "unknown open data format %q; known: %v", im.Format, OpenDataFormats)
}

func (s *Service) importMISPGalaxy(ctx context.Context, im OpenData) (*OpenDataReport, error) {
	known, err := s.Names(ctx, knownKinds)
	if err != nil {
		return nil, err
	}
	c, err := mispgalaxy.Convert(im.Data, known)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(c.Document)
	if err != nil {
		return nil, err
	}
	change, err := s.ImportFacts(ctx, Import{Documents: []seed.Document{{Name: im.Name, Data: data}}, Caller: im.Caller,
		Reason: im.Reason, DryRun: im.DryRun, Dataset: c.Report.Dataset})
	if err != nil {
		return nil, err
	}
	return &OpenDataReport{Dataset: c.Report.Dataset, Version: c.Report.Version, Unresolved: len(c.Report.Unresolved),
		Conversion: c.Report, Change: change}, nil
}
