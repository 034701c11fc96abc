package seed

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cyberkg/cyberkg/graph"
)

// csvLayouts are the spreadsheet layouts an import takes: each names the
// seed section its rows become and the columns it knows. Lists (parties,
// about, sources) are separated by ";"; attributes are actor=verdict pairs.
// Rows of the agreements layout that share an id are one agreement, each row
// adding one status observation.
var csvLayouts = map[string][]string{
	"memberships": {"country", "bloc", "since", "until", "role", "sources", "note"},
	"agreements":  {"id", "title", "scope", "topic", "parties", "within", "signed_on", "status", "status_date", "sources", "note"},
	"statements":  {"id", "by", "said_on", "language", "kind", "confidence", "summary", "about", "attributes", "sources", "note"},
}

// CSVLayouts lists the layouts FromCSV reads.
func CSVLayouts() []string {
	return slices.Sorted(maps.Keys(csvLayouts))
}

// FromCSV turns a CSV file in one of CSVLayouts into a document in the seed's
// format, validated like any other; problems are reported at the CSV's lines.
func FromCSV(name, layout string, data []byte) (Document, error) {
	columns, ok := csvLayouts[layout]
	if !ok {
		return Document{}, graph.InvalidParam("layout", "layout %q is not one of %v", layout, CSVLayouts())
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return Document{}, Errors{{File: name, Line: 1, Reason: "CSV: no header line: " + csvReason(err)}}
	}
	index := map[string]int{}
	var errs Errors
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(columns, h) {
			errs = append(errs, &Error{File: name, Line: 1, Field: h, Reason: fmt.Sprintf("unknown column %q; the %s layout has %s", h, layout, strings.Join(columns, ", "))})
		}
		index[h] = i
	}
	var items []map[string]any
	var lines []int
	byID := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			errs = append(errs, &Error{File: name, Line: line, Reason: "CSV: " + csvReason(err)})
			break
		}
		line, _ := r.FieldPos(0)
		get := func(col string) string {
			if i, ok := index[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if layout == "agreements" {
			if i, seen := byID[get("id")]; seen && get("id") != "" {
				addStatus(items[i], get("status"), get("status_date"), list(get("sources")))
				continue
			}
			byID[get("id")] = len(items)
		}
		item, err := csvItem(layout, columns, get)
		if err != nil {
			errs = append(errs, &Error{File: name, Line: line, Reason: err.Error()})
			continue
		}
		items = append(items, item)
		lines = append(lines, line)
	}
	if len(errs) > 0 {
		return Document{}, errs
	}
	body, err := json.Marshal(map[string]any{layout: items})
	if err != nil {
		return Document{}, err
	}
	return Document{Name: name, Data: body, LineOf: func(field string) int {
		if m := itemField.FindStringSubmatch(field); m != nil {
			if i, err := strconv.Atoi(m[1]); err == nil && i < len(lines) {
				return lines[i]
			}
		}
		return 1
	}}, nil
}

var itemField = regexp.MustCompile(`^\w+\[(\d+)\]`)

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// csvItem makes one item of the layout's section from a row; empty cells are left out.
func csvItem(layout string, columns []string, get func(string) string) (map[string]any, error) {
	item := map[string]any{}
	for _, col := range columns {
		v := get(col)
		if v == "" {
			continue
		}
		switch col {
		case "parties", "about", "sources":
			item[col] = list(v)
		case "confidence":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("confidence %q is not a whole number", v)
			}
			item[col] = n
		case "attributes":
			var attrs []map[string]any
			for _, pair := range list(v) {
				actor, verdict, ok := strings.Cut(pair, "=")
				if !ok {
					return nil, fmt.Errorf("attributes %q: write each as actor=verdict, separated by ;", pair)
				}
				attrs = append(attrs, map[string]any{"actor": strings.TrimSpace(actor), "verdict": strings.TrimSpace(verdict)})
			}
			item[col] = attrs
		case "status", "status_date":
			// below
		default:
			item[col] = v
		}
	}
	if layout == "agreements" {
		addStatus(item, get("status"), get("status_date"), list(get("sources")))
	}
	return item, nil
}

func addStatus(item map[string]any, status, date string, sources []string) {
	if status == "" && date == "" {
		return
	}
	obs := map[string]any{"status": status, "date": date}
	if status == "" {
		delete(obs, "status")
	}
	if date == "" {
		delete(obs, "date")
	}
	if len(sources) > 0 {
		obs["sources"] = sources
	}
	history, _ := item["status_history"].([]map[string]any)
	item["status_history"] = append(history, obs)
}

func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
