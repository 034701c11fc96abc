package seed

import (
	"errors"
	"testing"
)

// The import parsers take files from anyone with an admin key: whatever the
// bytes, they refuse with Errors naming a line, or give a document, and
// never panic.
func FuzzFromCSV(f *testing.F) {
	f.Add("memberships", "country,bloc,since,role,sources\nIDN,SCO,2026-03-01,member,src-a\n")
	f.Add("agreements", "id,title,scope,topic,parties,status,status_date,sources\nagr-x,T,bilateral,iis,RUS;IDN,signed,2021,src-a\nagr-x,,,,,in-force,2022,src-a\n")
	f.Add("statements", "id,by,said_on,confidence,about,attributes,sources\nst-x,RUS,2021-06-28,70,USA,USA=alleged;CHN=denied,src-a\n")
	f.Add("memberships", "\ufeffcountry,\"bloc\nx\",since\n\"unterminated")
	f.Add("statements", "confidence\nnot-a-number\n")
	lookup := func(ids []string) (map[string]string, error) {
		kinds := map[string]string{}
		for _, id := range ids {
			switch id {
			case "RUS", "IDN", "USA", "CHN":
				kinds[id] = "Country"
			case "SCO":
				kinds[id] = "Bloc"
			case "src-a":
				kinds[id] = "Source"
			}
		}
		return kinds, nil
	}
	f.Fuzz(func(t *testing.T, layout, data string) {
		doc, err := FromCSV("in.csv", layout, []byte(data))
		var errs Errors
		if err != nil {
			if errors.As(err, &errs) {
				for _, e := range errs {
					if e.Line < 1 {
						t.Fatalf("error without a line: %v", e)
					}
				}
			}
			return
		}
		_, err = ParseDocuments([]Document{doc}, lookup)
		if errors.As(err, &errs) {
			for _, e := range errs {
				if e.Line < 1 {
					t.Fatalf("error without a line: %v", e)
				}
			}
		} else if err != nil {
			t.Fatalf("ParseDocuments: %v is not Errors", err)
		}
	})
}

func FuzzParseDocuments(f *testing.F) {
	f.Add("memberships:\n  - {country: IDN, bloc: SCO, since: 2026-03-01, sources: [src-a]}\n")
	f.Add(`{"sources":[{"id":"src-b","title":"t","publisher":"p","reliability":"C"}],"entities":[{"id":"x-y","type":"Person","name":"X","sources":["src-b"]}]}`)
	f.Add("agreements:\n  - id: a\n    parties: [RUS, RUS, RUS]\n")
	f.Add("- just\n- a list\n")
	f.Add("memberships: [{country: IDN, bloc: SCO, since: 2026-02-30, until: 2020, sources: []}]")
	f.Fuzz(func(t *testing.T, data string) {
		_, err := ParseDocuments([]Document{{Name: "in.yaml", Data: []byte(data)}}, func([]string) (map[string]string, error) {
			return map[string]string{"IDN": "Country", "RUS": "Country", "SCO": "Bloc", "src-a": "Source"}, nil
		})
		var errs Errors
		if err != nil && !errors.As(err, &errs) {
			t.Fatalf("ParseDocuments: %v is not Errors", err)
		}
	})
}
