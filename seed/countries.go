package seed

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// CountryCodesFile is the open data set of every country (datasets/
// country-codes, public domain) that a seed folder may hold beside its YAML
// files, and CountryCodesSource the :Source its facts cite.
const (
	CountryCodesFile   = "country-codes.csv"
	CountryCodesSource = "src-datasets-country-codes"
)

// countryRow is one country of the data set, with the fields the graph keeps.
type countryRow struct {
	line                               int
	iso3, iso2, numeric                string
	name                               string   // the CLDR display name
	unNames                            []string // UN short and formal names in six languages, and the official names
	wikidata                           string
	independent                        bool
	sovereignty                        string // "Territory of GB", when not independent
	region, subRegion, intermediate    string
	regionM49, subM49, intermediateM49 int
}

var (
	iso3Pattern = regexp.MustCompile(`^[A-Z]{3}$`)
	iso2Pattern = regexp.MustCompile(`^[A-Z]{2}$`)
	qidPattern  = regexp.MustCompile(`^https?://www\.wikidata\.org/wiki/(Q[0-9]+)$`)
)

// The data set's name columns: UN terms (short and formal) and official
// names, in Arabic, Chinese, English, French, Russian and Spanish.
var unNameColumns = []string{
	"UNTERM English Short", "UNTERM English Formal", "official_name_en",
	"UNTERM French Short", "UNTERM French Formal", "official_name_fr",
	"UNTERM Spanish Short", "UNTERM Spanish Formal", "official_name_es",
	"UNTERM Russian Short", "UNTERM Russian Formal", "official_name_ru",
	"UNTERM Chinese Short", "UNTERM Chinese Formal", "official_name_cn",
	"UNTERM Arabic Short", "UNTERM Arabic Formal", "official_name_ar",
}

// readCountryCodes reads the data set from fsys if it is there (nil
// otherwise); every malformed row is an Error with its line.
func readCountryCodes(fsys fs.FS) ([]countryRow, Errors) {
	data, err := fs.ReadFile(fsys, CountryCodesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, Errors{{File: CountryCodesFile, Reason: err.Error()}}
	}
	return parseCountryCodes(data)
}

func parseCountryCodes(data []byte) ([]countryRow, Errors) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, Errors{{File: CountryCodesFile, Line: 1, Reason: "no header line: " + err.Error()}}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	needed := append([]string{"ISO3166-1-Alpha-3", "ISO3166-1-Alpha-2", "ISO3166-1-numeric", "CLDR display name",
		"wikidata_id", "is_independent", "Region Name", "Sub-region Name", "Intermediate Region Name",
		"Region Code", "Sub-region Code", "Intermediate Region Code"}, unNameColumns...)
	var errs Errors
	for _, c := range needed {
		if _, ok := col[c]; !ok {
			errs = append(errs, &Error{File: CountryCodesFile, Line: 1, Reason: fmt.Sprintf("no column %q", c)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []countryRow
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, append(errs, &Error{File: CountryCodesFile, Line: line, Reason: "CSV: " + csvReason(err)})
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		bad := func(format string, args ...any) {
			errs = append(errs, &Error{File: CountryCodesFile, Line: line, Reason: fmt.Sprintf(format, args...)})
		}
		row := countryRow{line: line, iso3: get("ISO3166-1-Alpha-3"), iso2: get("ISO3166-1-Alpha-2"),
			numeric: get("ISO3166-1-numeric"), name: get("CLDR display name"),
			region: get("Region Name"), subRegion: get("Sub-region Name"), intermediate: get("Intermediate Region Name")}
		switch {
		case !iso3Pattern.MatchString(row.iso3):
			bad("ISO3166-1-Alpha-3 %q is not three capital letters", row.iso3)
			continue
		case seen[row.iso3] > 0:
			bad("%s is also on line %d", row.iso3, seen[row.iso3])
			continue
		case !iso2Pattern.MatchString(row.iso2):
			bad("%s: ISO3166-1-Alpha-2 %q is not two capital letters", row.iso3, row.iso2)
		case row.name == "":
			bad("%s has no CLDR display name", row.iso3)
		}
		seen[row.iso3] = line
		if w := get("wikidata_id"); w != "" {
			m := qidPattern.FindStringSubmatch(w)
			if m == nil {
				bad("%s: wikidata_id %q is not a Wikidata item URL", row.iso3, w)
			} else {
				row.wikidata = m[1]
			}
		}
		switch ind := get("is_independent"); ind {
		case "Yes":
			row.independent = true
		default:
			row.sovereignty = ind
		}
		for _, c := range []struct {
			name string
			into *int
		}{{"Region Code", &row.regionM49}, {"Sub-region Code", &row.subM49}, {"Intermediate Region Code", &row.intermediateM49}} {
			if v := get(c.name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					bad("%s: %s %q is not a number", row.iso3, c.name, v)
				}
				*c.into = n
			}
		}
		for _, c := range unNameColumns {
			if v := get(c); v != "" && !slices.Contains(row.unNames, v) {
				row.unNames = append(row.unNames, v)
			}
		}
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rows, nil
}

// declareCountries registers the data set's countries the YAML files do not
// define, so the files may name any country.
func (b *builder) declareCountries(rows []countryRow) {
	for _, row := range rows {
		at := loc{doc: b.countriesDoc, path: "$"}
		if d, ok := b.ids[row.iso3]; ok {
			if d.kind != "Country" {
				b.fail(&Error{File: CountryCodesFile, Line: row.line, Reason: fmt.Sprintf("%s is a %s in %s; in the data set it is a country", row.iso3, d.kind, d.at.doc.name)})
			}
			continue
		}
		b.ids[row.iso3] = decl{kind: "Country", at: at}
	}
}

// buildCountries gives the seed's own countries the data set's codes,
// regions and names (their ids, names and facts stay), and adds every other
// country, each citing the data set.
func (b *builder) buildCountries(rows []countryRow) {
	if _, ok := b.ids[CountryCodesSource]; !ok {
		b.fail(&Error{File: CountryCodesFile, Line: 1, Reason: fmt.Sprintf("the source %s, which its countries cite, is not defined in any seed file", CountryCodesSource)})
		return
	}
	index := map[string]int{}
	for i, n := range b.ds.Nodes {
		if n.Kind == "Country" {
			index[n.ID] = i
		}
	}
	for _, row := range rows {
		props := map[string]any{"iso2": row.iso2, "iso3": row.iso3, "iso_numeric": row.numeric, "independent": row.independent,
			"sovereignty": row.sovereignty, "region": row.region, "sub_region": row.subRegion, "intermediate_region": row.intermediate}
		for k, v := range map[string]int{"region_m49": row.regionM49, "sub_region_m49": row.subM49, "intermediate_region_m49": row.intermediateM49} {
			if v != 0 {
				props[k] = v
			}
		}
		if i, ok := index[row.iso3]; ok {
			n := &b.ds.Nodes[i]
			if w, _ := n.Properties["wikidata"].(string); w != "" && row.wikidata != "" && w != row.wikidata {
				b.fail(&Error{File: CountryCodesFile, Line: row.line, Reason: fmt.Sprintf("%s: the seed says wikidata %s, the data set %s", row.iso3, w, row.wikidata)})
				continue
			}
			if n.Properties["wikidata"] == nil && row.wikidata != "" {
				props["wikidata"] = row.wikidata
			}
			for k, v := range props {
				if s, ok := v.(string); ok && s == "" {
					continue
				}
				n.Properties[k] = v
			}
			name, _ := n.Properties["name"].(string)
			aliases, _ := n.Properties["aliases"].([]string)
			n.Properties["aliases"] = withNames(name, aliases, row.unNames)
			b.reportedIn(row.iso3, []string{CountryCodesSource})
			continue
		}
		props["name"], props["wikidata"] = row.name, row.wikidata
		props["aliases"] = withNames(row.name, row.unNames, countryNames(row.iso2))
		b.node(row.iso3, "Country", b.countriesDoc, props)
		b.reportedIn(row.iso3, []string{CountryCodesSource})
	}
}
