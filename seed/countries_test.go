package seed

import (
	"slices"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/graph"
)

func TestEveryCountryOnceWithTheSeedsFactsKept(t *testing.T) {
	ds, err := Parse(Files())
	if err != nil {
		t.Fatal(err)
	}
	rows, errs := readCountryCodes(Files())
	if len(errs) > 0 || len(rows) != 249 {
		t.Fatalf("the data set: %d rows, %v; want 249 and no error", len(rows), errs)
	}
	countries := map[string]graph.NodeRecord{}
	for _, n := range ds.Nodes {
		if n.Kind == "Country" {
			if _, twice := countries[n.ID]; twice {
				t.Errorf("country %s twice", n.ID)
			}
			countries[n.ID] = n
		}
	}
	for _, r := range rows {
		if _, ok := countries[r.iso3]; !ok {
			t.Errorf("%s (line %d) is not a country of the seed", r.iso3, r.line)
		}
	}
	// A seed country keeps its name and gains the data set's names and regions.
	rus := countries["RUS"].Properties
	if rus["name"] != "Russia" || rus["wikidata"] != "Q159" || rus["region"] != "Europe" || rus["sub_region"] != "Eastern Europe" ||
		rus["independent"] != true || !slices.Contains(rus["aliases"].([]string), "Российская Федерация") {
		t.Errorf("RUS = %v", rus)
	}
	// A new one cites the data set; a territory says whose.
	nor := countries["NOR"].Properties
	if nor["name"] != "Norway" || nor["wikidata"] != "Q20" || !slices.Contains(nor["aliases"].([]string), "挪威") {
		t.Errorf("NOR = %v", nor)
	}
	if bmu := countries["BMU"].Properties; bmu["independent"] != false || bmu["sovereignty"] != "Territory of GB" {
		t.Errorf("BMU independent %v sovereignty %v, want false and Territory of GB", bmu["independent"], bmu["sovereignty"])
	}
	cited := map[string]bool{}
	for _, r := range ds.Relationships {
		if r.Type == "REPORTED_IN" && r.To == CountryCodesSource {
			cited[r.From] = true
		}
	}
	if !cited["NOR"] || !cited["RUS"] || len(cited) != 249 {
		t.Errorf("%d countries cite %s, want all 249", len(cited), CountryCodesSource)
	}
}

func TestCountryCodesRowsAreChecked(t *testing.T) {
	header := "ISO3166-1-Alpha-3,ISO3166-1-Alpha-2,ISO3166-1-numeric,CLDR display name,wikidata_id,is_independent,Region Name,Sub-region Name,Intermediate Region Name,Region Code,Sub-region Code,Intermediate Region Code," + strings.Join(unNameColumns, ",") + "\n"
	blanks := strings.Repeat(",", len(unNameColumns))
	data := header +
		"NOR,NO,578,Norway,https://www.wikidata.org/wiki/Q20,Yes,Europe,Northern Europe,,150,154," + blanks + "\n" +
		"nor,NO,578,Norway,,Yes,Europe,Northern Europe,,150,154," + blanks + "\n" +
		"NOR,NO,578,Norway,,Yes,Europe,Northern Europe,,150,154," + blanks + "\n" +
		"SWE,SE,752,Sweden,Q34,Yes,Europe,Northern Europe,,150,x," + blanks + "\n"
	_, errs := parseCountryCodes([]byte(data))
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{":3: ISO3166-1-Alpha-3 \"nor\"", ":4: NOR is also on line 2", ":5: SWE: wikidata_id \"Q34\"", ":5: SWE: Sub-region Code \"x\""} {
		if !strings.Contains(text, want) {
			t.Errorf("errors %q lack %q", text, want)
		}
	}
}
