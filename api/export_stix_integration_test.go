package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cyberkg/cyberkg/internal/neo4jtest"
	"github.com/cyberkg/cyberkg/internal/stixcheck"
	"github.com/cyberkg/cyberkg/stix"
)

// TestStixExport exports the seeded graph as STIX 2.1, whole and Russia's
// neighbourhood, as of the interview and today, and checks each bundle:
// stix2-validator in strict mode, the same bytes when exported again, every
// node and relationship fact of the same JSON export in it, and the
// objects the mapping promises (docs/stix.md).
func TestStixExport(t *testing.T) {
	srv := newTestServer(t, neo4jtest.Seeded(t))
	for _, tc := range []struct{ name, params string }{
		{"whole graph, 2021-06-28", "as_of=2021-06-28"},
		{"whole graph, today", ""},
		{"RUS neighbourhood, 2021-06-28", "entity=RUS&as_of=2021-06-28"},
		{"RUS neighbourhood, today", "entity=RUS"},
		{"headline query, 2021-06-28", "query=members_with_agreement_by_bloc&param.as_of=2021-06-28&as_of=2021-06-28&include_sources=false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := srv.URL + "/v1/export?format=stix&" + tc.params
			status, header, body := get(t, u)
			if status != 200 || header.Get("Content-Type") != "application/stix+json;version=2.1" ||
				!strings.Contains(header.Get("Content-Disposition"), ".json") {
				t.Fatalf("GET %s = %d %s %s: %.300s", u, status, header.Get("Content-Type"), header.Get("Content-Disposition"), body)
			}
			if _, _, again := get(t, u); again != body {
				t.Error("exporting the same graph twice gives different bytes")
			}
			v := stixcheck.Validate(t, []byte(body))
			if !v.Valid || len(v.Errors) > 0 || len(v.Warnings) > 0 {
				t.Errorf("stix2-validator (strict): valid %v, %d errors %.2000q, warnings %q", v.Valid, len(v.Errors), v.Errors, v.Warnings)
			}
			b := decodeStix(t, body)
			b.checkRefs(t)
			_, _, plain := get(t, strings.Replace(u, "format=stix", "format=json", 1))
			b.checkHolds(t, plain)

			rus := b.object(t, stix.ID("identity", "RUS"))
			if rus["name"] != "Russia" || stixcheck.Extension(rus, stix.ExtensionID)["cyberkg_id"] != "RUS" || stixcheck.Extension(rus, stix.ExtensionID)["iso2"] != "RU" {
				t.Errorf("Russia's identity: %v", rus)
			}
			if loc := b.object(t, stix.ID("location", "RUS")); loc["country"] != "RU" {
				t.Errorf("Russia's location: %v", loc)
			}
			agreement := b.byID[stix.ID(stix.TypeAgreement, "agr-rus-idn-iis")]
			iran := b.byID[stix.ID(stix.TypeMembership, "membership:IRN:SCO:2023-07-04")]
			in2021 := strings.Contains(tc.params, "2021-06-28")
			if strings.HasPrefix(tc.params, "query=") {
				if agreement != nil || iran != nil || b.byID[stix.ID(stix.TypeAgreement, "agr-rus-bra-iis")] == nil {
					t.Error("the headline subgraph holds Indonesia's agreement or Iran's membership, or lacks Brazil's agreement")
				}
				return
			}
			founding := b.object(t, stix.ID(stix.TypeMembership, "membership:RUS:SCO:2001-06-15"))
			if founding["since"] != "2001-06-15" || founding["member_ref"] != rus["id"] || founding["bloc_ref"] != stix.ID("identity", "SCO") {
				t.Errorf("Russia's SCO membership: %v", founding)
			}
			switch {
			case in2021:
				if agreement["status"] != "ready-to-sign" || iran != nil {
					t.Errorf("as of 2021-06-28: Indonesia's agreement %v (want ready-to-sign), Iran's SCO membership %v (want none)", agreement["status"], iran)
				}
			default:
				if agreement["status"] != "signed" || len(stixcheck.Strings(agreement["status_history"])) != 2 {
					t.Errorf("today: Indonesia's agreement %v", agreement)
				}
				if tc.params == "" && (iran == nil || iran["since"] != "2023-07-04") {
					t.Errorf("today: Iran's SCO membership %v", iran)
				}
			}
			if strings.HasPrefix(tc.params, "entity=") {
				return
			}
			// The whole graph: the Colonial Pipeline attack and who claimed what about it.
			incident := b.fact(t, "colonial-pipeline-attack")
			if incident["name"] != "Colonial Pipeline ransomware attack" {
				t.Errorf("the incident: %v", incident)
			}
			claims := 0
			for _, st := range []struct{ statement, actor, verdict string }{
				{"stmt-us-media-2021-05-russia-link", "RUS", "alleged"},
				{"stmt-neuberger-2021-05-10-criminal-actor", "darkside", "alleged"},
				{"stmt-fbi-2021-05-10-darkside", "darkside", "confirmed"},
				{"stmt-biden-2021-05-13-not-russian-government", "RUS", "denied"},
			} {
				statement := b.byCyberkgID[st.statement]
				if statement == nil {
					if in2021 {
						t.Errorf("statement %s is not in the bundle", st.statement)
					}
					continue
				}
				by, _ := statement["by_ref"].(string)
				actor := b.fact(t, st.actor)
				rel := b.byID[stix.ID("relationship", "statement:"+st.statement+":attributed-to:colonial-pipeline-attack:"+st.actor)]
				if st.verdict == "denied" {
					if rel != nil {
						t.Errorf("%s: a denial became an attribution", st.statement)
					}
				} else if rel == nil || rel["created_by_ref"] != by || rel["confidence"] != statement["confidence"] ||
					rel["source_ref"] != incident["id"] || rel["target_ref"] != actor["id"] || stixcheck.Extension(rel, stix.ExtensionID)["verdict"] != st.verdict {
					t.Errorf("%s: the attribution is %v; want one by %s with confidence %v", st.statement, rel, by, statement["confidence"])
				} else {
					claims++
				}
				if st.verdict != "alleged" {
					op := b.byID[stix.ID("opinion", "statement:"+st.statement+":"+st.verdict+":colonial-pipeline-attack:"+st.actor)]
					want := map[string]string{"denied": "strongly-disagree", "confirmed": "strongly-agree"}[st.verdict]
					if op == nil || op["opinion"] != want || op["created_by_ref"] != by || len(stixcheck.Strings(op["object_refs"])) == 0 {
						t.Errorf("%s: the opinion is %v; want %s by %s", st.statement, op, want, by)
					}
				}
			}
			if claims != 3 {
				t.Errorf("%d of the 3 attributions of the attack are relationships", claims)
			}
		})
	}
}

// stixBundle is a decoded bundle, indexed by STIX id and by cyberkg id.
type stixBundle struct {
	Type, ID    string
	Objects     []map[string]any
	byID        map[string]map[string]any
	byCyberkgID map[string]map[string]any // each fact's own object, or its extension for a standard object
}

func decodeStix(t *testing.T, body string) stixBundle {
	t.Helper()
	var b stixBundle
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatalf("the bundle is not JSON: %v", err)
	}
	b.byID, b.byCyberkgID = map[string]map[string]any{}, map[string]map[string]any{}
	for _, o := range b.Objects {
		id, _ := o["id"].(string)
		if _, dup := b.byID[id]; dup {
			t.Errorf("%s twice", id)
		}
		b.byID[id] = o
		data := o
		if typ, _ := o["type"].(string); !strings.HasPrefix(typ, "x-cyberkg-") {
			data = stixcheck.Extension(o, stix.ExtensionID)
		}
		if key, _ := data["cyberkg_id"].(string); key != "" && data["view_of"] == nil && data["stub"] == nil {
			if _, dup := b.byCyberkgID[key]; dup {
				t.Errorf("%s stands in two objects", key)
			}
			b.byCyberkgID[key] = data
		}
	}
	return b
}

func (b stixBundle) object(t *testing.T, id string) map[string]any {
	t.Helper()
	o, ok := b.byID[id]
	if !ok {
		t.Fatalf("the bundle has no %s", id)
	}
	return o
}

// fact is the object that stands for cyberkg id key.
func (b stixBundle) fact(t *testing.T, key string) map[string]any {
	t.Helper()
	for _, o := range b.Objects {
		data := o
		if typ, _ := o["type"].(string); !strings.HasPrefix(typ, "x-cyberkg-") {
			data = stixcheck.Extension(o, stix.ExtensionID)
		}
		if data["cyberkg_id"] == key && data["view_of"] == nil {
			return o
		}
	}
	t.Fatalf("no object stands for %s", key)
	return nil
}

// checkRefs: the producer and the extension are there, objects are sorted
// by id, and every created_by_ref and every other reference resolves.
func (b stixBundle) checkRefs(t *testing.T) {
	t.Helper()
	if b.Type != "bundle" || b.byID[stix.ProducerID] == nil || b.byID[stix.ExtensionID] == nil {
		t.Fatalf("bundle %s lacks the producer or the extension definition", b.ID)
	}
	for i, o := range b.Objects {
		if i > 0 && b.Objects[i-1]["id"].(string) >= o["id"].(string) {
			t.Errorf("objects not sorted by id at %v", o["id"])
		}
		if by, ok := o["created_by_ref"].(string); ok && (b.byID[by] == nil || b.byID[by]["type"] != "identity") {
			t.Errorf("%s: created_by_ref %s is no identity of the bundle", o["id"], by)
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					switch {
					case strings.HasSuffix(k, "_ref"):
						if s, _ := e.(string); b.byID[s] == nil {
							t.Errorf("%s: %s %v is not in the bundle", o["id"], k, e)
						}
					case strings.HasSuffix(k, "_refs"):
						for _, s := range stixcheck.Strings(e) {
							if b.byID[s] == nil {
								t.Errorf("%s: %s holds %s, which is not in the bundle", o["id"], k, s)
							}
						}
					default:
						walk(e)
					}
				}
			case []any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(o)
	}
}

// bookkeepingProps are the write path's own properties, which a bundle
// leaves out.
var bookkeepingProps = map[string]bool{"id": true, "recorded_from": true, "recorded_until": true, "recorded_by": true,
	"version": true, "version_from": true, "version_until": true, "owner": true, "fact": true, "retracted_by": true,
	"closed_by": true, "closed_owner": true, "seed_file": true}

// checkHolds: every node of the JSON export of the same subgraph is one
// object with its kind and each of its properties, and every membership,
// position and PART_OF is one object with its key: what an import needs
// to give back the same facts.
func (b stixBundle) checkHolds(t *testing.T, plain string) {
	t.Helper()
	var g struct {
		Nodes []struct {
			ID, Kind   string
			Properties map[string]any
		}
		Edges []struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(plain), &g); err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes {
		data := b.byCyberkgID[n.ID]
		if data == nil || data["cyberkg_type"] != n.Kind {
			t.Errorf("node %s (%s) has no object: %v", n.ID, n.Kind, data)
			continue
		}
		for k, v := range n.Properties {
			if list, isList := v.([]any); bookkeepingProps[k] || v == nil || (isList && len(list) == 0) {
				continue
			}
			if _, ok := data[k]; !ok {
				t.Errorf("node %s: property %s is not in the bundle", n.ID, k)
			}
		}
	}
	for _, e := range g.Edges {
		if e.Type != "MEMBER_OF" && e.Type != "HOLDS_POSITION" && e.Type != "PART_OF" {
			continue
		}
		if key, _ := e.Properties["fact"].(string); b.byCyberkgID[key] == nil {
			t.Errorf("relationship fact %s is not in the bundle", key)
		}
	}
}
