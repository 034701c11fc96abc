package neo4jstore

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/cyberkg/cyberkg/graph"
)

// headlineKeys are the columns of members_with_agreement_by_bloc, the
// headline question, whose rows the benchmarks below convert and encode.
var headlineKeys = []string{"member", "member_name", "member_since", "member_since_precision", "agreement",
	"title", "signed_on", "signed_on_precision", "status", "status_since", "sources"}

// headlineRecords are n records as the driver hands them over for the
// headline question: strings, dates, a null, and a list of four sources.
func headlineRecords(n int) []*neo4j.Record {
	day := func(s string) dbtype.Date { t, _ := time.Parse(time.DateOnly, s); return dbtype.Date(t) }
	recs := make([]*neo4j.Record, n)
	for i := range recs {
		sources := make([]any, 4)
		for j := range sources {
			sources[j] = map[string]any{
				"id":          fmt.Sprintf("src-publisher-%d-%d", i, j),
				"title":       "Russia and a partner sign an intergovernmental agreement on international information security",
				"publisher":   "TASS",
				"url":         fmt.Sprintf("https://tass.com/politics/%d", 1000000+i*4+j),
				"reliability": "B",
			}
		}
		recs[i] = &neo4j.Record{Keys: headlineKeys, Values: []any{
			fmt.Sprintf("C%02d", i%100), "South Africa", day("2010-01-01"), "year", fmt.Sprintf("agr-rus-%d-iis", i),
			"Russia–South Africa intergovernmental agreement on cooperation in ensuring international information security",
			day("2017-09-04"), nil, "signed", day("2017-09-04"), sources,
		}}
	}
	return recs
}

// answerRows is the loop of Store.rows: each record to a row of plain values.
func answerRows(keys []string, recs []*neo4j.Record) *graph.Result {
	out := &graph.Result{Columns: keys, Rows: make([]map[string]any, 0, len(recs))}
	for _, rec := range recs {
		row := make(map[string]any, len(keys))
		for i, k := range keys {
			row[k] = fromDriver(rec.Values[i])
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// BenchmarkFromDriver converts the driver's records of a catalog answer to
// plain values, as Store.rows does: 4 rows (the headline's answer on the
// seed) and 1,000.
func BenchmarkFromDriver(b *testing.B) {
	for _, n := range []int{4, 1000} {
		recs := headlineRecords(n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				answerRows(headlineKeys, recs)
			}
		})
	}
}

// BenchmarkEncodeAnswer encodes a converted catalog answer as the API's
// JSON body (encoding/json, as gin's c.JSON does).
func BenchmarkEncodeAnswer(b *testing.B) {
	for _, n := range []int{4, 1000} {
		answer := answerRows(headlineKeys, headlineRecords(n))
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				body, err := json.Marshal(answer)
				if err != nil {
					b.Fatal(err)
				}
				size = len(body)
			}
			b.ReportMetric(float64(size), "bytes/answer")
		})
	}
}

// BenchmarkTypedRows converts 1,000 records to typed JSON and encodes each
// row as it is read, as an ad-hoc answer (Store.runAdhoc) does. typed works
// in place, so each round gets fresh records, made outside the timer.
func BenchmarkTypedRows(b *testing.B) {
	const n = 1000
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		recs := headlineRecords(n)
		b.StartTimer()
		for _, rec := range recs {
			row := make(map[string]any, len(rec.Keys))
			for j, k := range rec.Keys {
				row[k] = typed(rec.Values[j])
			}
			if _, err := json.Marshal(row); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTypedStructural converts the structural values an analyst's
// statement may return: a node, a relationship, and a path of three nodes.
func BenchmarkTypedStructural(b *testing.B) {
	node := func(id string) dbtype.Node {
		return dbtype.Node{ElementId: "4:x:" + id, Labels: []string{"Entity", "Country"},
			Props: map[string]any{"id": id, "name": "Russia", "aliases": []any{"Rusia", "Россия"}, "since": dbtype.Date(time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC))}}
	}
	rel := dbtype.Relationship{ElementId: "5:x:1", Type: "MEMBER_OF", StartElementId: "4:x:RUS", EndElementId: "4:x:BRICS",
		Props: map[string]any{"since": dbtype.Date(time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)), "sources": []any{"src-a", "src-b"}}}
	path := dbtype.Path{Nodes: []dbtype.Node{node("RUS"), node("BRICS"), node("CHN")}, Relationships: []dbtype.Relationship{rel, rel}}
	b.ReportAllocs()
	for b.Loop() {
		// Fresh property maps are not needed: typed leaves converted values as they are.
		_ = typed(node("RUS"))
		_ = typed(rel)
		_ = typed(path)
	}
}

// BenchmarkToDriverParams converts the headline question's bound parameters
// to driver values, as every catalog answer does.
func BenchmarkToDriverParams(b *testing.B) {
	asOf, err := graph.ParseDate("2021-06-28")
	if err != nil {
		b.Fatal(err)
	}
	params := map[string]any{"bloc": "BRICS", "country": "RUS", "as_of": asOf, "known_on": graph.KnownOn{}}
	b.ReportAllocs()
	for b.Loop() {
		toDriverParams(params)
	}
}
