package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/queries"
	"github.com/cyberkg/cyberkg/service"
)

func newQueryCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var params []string
	var format string
	var page service.PageRequest
	cmd := &cobra.Command{
		Use:   "query [NAME]",
		Short: "Run a named catalog query and print its answer; without NAME, list the catalog",
		Example: `  cyberkg query
  cyberkg query members_with_agreement_by_bloc --param as_of=2021-06-28
  cyberkg query agreements_list_by_party --param party=RUS --param status=ready-to-sign --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: want table or json", format)
			}
			if len(args) == 0 {
				return listQueries(stdout, format)
			}
			if page.Limit < 1 || page.Limit > service.MaxLimit {
				return fmt.Errorf("--limit %d: want 1 to %d", page.Limit, service.MaxLimit)
			}
			q, ok := queries.ByName(args[0])
			if !ok {
				return fmt.Errorf("no query named %q; 'cyberkg query' lists them", args[0])
			}
			raw, err := paramValues(params, "")
			if err != nil {
				return err
			}
			_, driver, store, err := cfg.open(cmd.Context(), stderr)
			if err != nil {
				return err
			}
			defer driver.Close(cmd.Context())
			answer, err := service.New(store, service.Options{QueryTimeout: cfg.queryTimeout}).QueryPage(cmd.Context(), q, raw, page)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(answer)
			}
			if err := printTable(stdout, answer.Columns, answer.Rows); err != nil {
				return err
			}
			if answer.Page.Next != "" {
				fmt.Fprintf(stderr, "(rows %d–%d of more than %d; the next page: --cursor %s)\n",
					answer.Page.Offset+1, answer.Page.Offset+answer.RowCount, *answer.Page.MoreThan, answer.Page.Next)
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&params, "param", "p", nil, "a query parameter as NAME=VALUE (repeatable)")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().IntVar(&page.Limit, "limit", service.DefaultLimit, fmt.Sprintf("at most this many rows (up to %d); a table says how to get the next page", service.MaxLimit))
	cmd.Flags().StringVar(&page.Cursor, "cursor", "", "continue an answer: the cursor its page gave (with no --param)")
	cmd.Flags().DurationVar(&cfg.queryTimeout, "query-timeout", 15*time.Second, "time limit of the query")
	return cmd
}

// paramValues reads --param NAME=VALUE flags, each name given prefix.
func paramValues(params []string, prefix string) (map[string]string, error) {
	raw := map[string]string{}
	for _, p := range params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--param %q: want NAME=VALUE", p)
		}
		raw[prefix+k] = v
	}
	return raw, nil
}

func listQueries(w io.Writer, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(queries.All)
	}
	for _, q := range queries.All {
		fmt.Fprintf(w, "%s\n  %s\n", q.Name, q.Description)
		for _, p := range q.Params {
			def := "required"
			if p.Default != "" {
				def = "default " + p.Default
			} else if !p.Required {
				def = "optional"
			}
			fmt.Fprintf(w, "    --param %s=<%s> (%s) %s\n", p.Name, p.Type, def, p.Description)
		}
	}
	return nil
}

// printTable writes rows as aligned columns; nested values are shortened:
// sources to their ids, other lists and maps to compact JSON.
func printTable(w io.Writer, columns []string, rows []map[string]any) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(columns, "\t")))
	for _, row := range rows {
		cells := make([]string, len(columns))
		for i, c := range columns {
			cells[i] = cell(c, row[c])
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "(%d rows)\n", len(rows))
	return nil
}

func cell(column string, v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case string:
		return x
	case []any:
		if column == "sources" {
			var ids []string
			for _, s := range x {
				if m, ok := s.(map[string]any); ok {
					ids = append(ids, fmt.Sprint(m["id"]))
				}
			}
			sort.Strings(ids)
			return strings.Join(ids, ",")
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell("", e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}
