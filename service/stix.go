package service

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/stix"
)

// STIXReport is what the conversion found and what the import wrote.
type STIXReport struct {
	Conversion stix.Report         `json:"conversion"`
	Change     *graph.ChangeReport `json:"change"`
}

// ImportSTIX converts a STIX bundle into the seed's format, merging its
// groups with the threat actors the graph has, and imports it. A bundle
// that is a whole data set (an ATT&CK release) is imported as that data
// set: its facts are owned by it, and an import of a newer release
// retracts what the release no longer asserts. Any other bundle (a partial
// export) is an import like an analyst's.
func (s *Service) ImportSTIX(ctx context.Context, im OpenData) (*STIXReport, error) {
	ds, err := stixDataset(im)
	if err != nil {
		return nil, err
	}
	named, err := s.Names(ctx, knownKinds)
	if err != nil {
		return nil, err
	}
	known := stix.KnownOf(named)
	conv, err := stix.ImportDataset(im.Data, known, ds)
	if err != nil {
		return nil, stixError(err)
	}
	owner := ""
	if ds.Whole {
		owner = ds.Key
	}
	change, err := s.ImportFacts(ctx, Import{Documents: []seed.Document{{Name: im.Name, Data: conv.Document}},
		Caller: im.Caller, Reason: im.Reason, DryRun: im.DryRun, Dataset: owner})
	if err != nil {
		return nil, err
	}
	return &STIXReport{Conversion: conv.Report, Change: change}, nil
}

// stixDataset is the data set an import is told, or the bundle's own.
func stixDataset(im OpenData) (stix.Dataset, error) {
	if im.Dataset == "" {
		ds, err := stix.DatasetOf(im.Data)
		return ds, stixError(err)
	}
	ds, ok := stix.Releases[im.Dataset]
	if !ok {
		return stix.Dataset{}, graph.InvalidParam("dataset", "no data set release %q for STIX; known: %s",
			im.Dataset, strings.Join(slices.Sorted(maps.Keys(stix.Releases)), ", "))
	}
	return ds, nil
}

// stixError is a bundle that cannot be read, as an invalid parameter
// naming the field.
func stixError(err error) error {
	var be *stix.BundleError
	if errors.As(err, &be) {
		return graph.InvalidParam(strings.TrimPrefix(cmp.Or(be.Field, "file"), "."), "%s", be.Error())
	}
	return err
}
