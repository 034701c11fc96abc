package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/graph"
	"github.com/cyberkg/cyberkg/seed"
	"github.com/cyberkg/cyberkg/service"
)

// The command line writes with the database's own credentials, so it acts
// as an admin; --as names the person in the audit trail.
func defaultAuthor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli-" + u.Username
	}
	return "cli"
}

// writeFlags are the flags every writing command shares.
type writeFlags struct {
	as, reason, idempotencyKey string
	dryRun                     bool
}

func (w *writeFlags) bind(cmd *cobra.Command, dryRun bool) {
	cmd.Flags().StringVar(&w.as, "as", defaultAuthor(), "who writes, as the audit trail records it")
	cmd.Flags().StringVar(&w.reason, "reason", "", "why, kept in the audit trail")
	cmd.Flags().StringVar(&w.idempotencyKey, "idempotency-key", "", "makes a retry of this command harmless")
	if dryRun {
		cmd.Flags().BoolVar(&w.dryRun, "dry-run", false, "validate and report; write nothing")
	}
}

func (w *writeFlags) caller() service.Caller { return service.Caller{Name: w.as, Role: "admin"} }

func newWriteCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var wf writeFlags
	var correct string
	var ifMatch int
	sections := make([]string, 0)
	for _, s := range service.Sections() {
		sections = append(sections, string(s))
	}
	cmd := &cobra.Command{
		Use:   "write SECTION FILE|-",
		Short: "Create (or, with --correct, correct) one fact from a file in the seed's format",
		Long: "Writes one fact, exactly as POST (or PUT) /v1/SECTION does: FILE holds the fact in its section and any new\n" +
			"source it cites under sources. Sections: " + strings.Join(sections, ", ") + ".",
		Example: `  cyberkg write agreements agreement.yaml
  cyberkg write agreements agreement.yaml --correct agr-rus-idn-iis --if-match 2 --reason "signing date misread"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(sections, args[0]) {
				return fmt.Errorf("no section %q; one of %s", args[0], strings.Join(sections, ", "))
			}
			body, err := readInput(cmd, args[1])
			if err != nil {
				return err
			}
			svc, closeStore, err := openService(cmd, cfg, stderr)
			if err != nil {
				return err
			}
			defer closeStore()
			report, err := svc.WriteFact(cmd.Context(), service.Write{Section: service.Section(args[0]), Key: correct, Body: body,
				Caller: wf.caller(), Reason: wf.reason, IdempotencyKey: wf.idempotencyKey, IfMatch: ifMatch, DryRun: wf.dryRun,
				RequestHash: service.HashRequest("write", args[0], correct, wf.reason, string(body))})
			return printReport(stdout, report, err)
		},
	}
	wf.bind(cmd, true)
	cmd.Flags().StringVar(&correct, "correct", "", "the id or key of the fact to correct (as PUT); without it the fact is created")
	cmd.Flags().IntVar(&ifMatch, "if-match", 0, "refuse if the fact is no longer at this version")
	return cmd
}

func newRetractCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var wf writeFlags
	var source string
	var ifMatch int
	cmd := &cobra.Command{
		Use:     "retract SECTION ID|KEY",
		Short:   "Retract a fact: it is closed now and kept for known_on questions",
		Example: `  cyberkg retract memberships membership:IDN:SCO:2026-03-01 --reason "misread" --source src-nextcloud-khramov-2021`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, closeStore, err := openService(cmd, cfg, stderr)
			if err != nil {
				return err
			}
			defer closeStore()
			report, err := svc.RetractFact(cmd.Context(), service.Retract{Section: service.Section(args[0]), Key: args[1], Reason: wf.reason,
				Source: source, Caller: wf.caller(), IdempotencyKey: wf.idempotencyKey, IfMatch: ifMatch,
				RequestHash: service.HashRequest("retract", args[0], args[1], wf.reason, source)})
			return printReport(stdout, report, err)
		},
	}
	wf.bind(cmd, false)
	cmd.Flags().StringVar(&source, "source", "", "the id of the :Source that grounds the retraction (required)")
	cmd.Flags().IntVar(&ifMatch, "if-match", 0, "refuse if the fact is no longer at this version")
	return cmd
}

func newImportCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var wf writeFlags
	var layout, proposeFrom, format, dataset string
	var confidence int
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import facts from seed-format YAML/JSON files or CSV files: all or nothing, every problem reported at once",
		Long: "Validates every file first and reports every problem (file, line, field); then writes all of it in one change,\n" +
			"or nothing. CSV files (*.csv) need --layout: " + strings.Join(seed.CSVLayouts(), ", ") + ".\n" +
			"--format misp-galaxy or stix reads an open data set's file (the MISP galaxy's threat-actor cluster, a STIX 2.1\n" +
			"bundle) and imports it as that data set: re-importing the same version changes nothing, a newer one reports\n" +
			"what it adds, changes and retracts. It prints what the conversion found (merges, unresolved names) and the change.",
		Example: `  cyberkg import new-facts.yaml --dry-run
  cyberkg import memberships.csv --layout memberships --reason "SCO summit 2026"
  cyberkg import memberships.csv --layout memberships --propose src-sco-2026 --confidence 60
  cyberkg import --format misp-galaxy threat-actor.json
  cyberkg import --format stix enterprise-groups-campaigns.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "" && format != "seed" {
				return importOpenDataFile(cmd, cfg, stdout, stderr, args, format, dataset, wf)
			}
			var docs []seed.Document
			var hashed []string
			for _, name := range args {
				data, err := readInput(cmd, name)
				if err != nil {
					return err
				}
				hashed = append(hashed, name, string(data))
				contentType := "application/yaml"
				if strings.EqualFold(filepath.Ext(name), ".csv") {
					contentType = "text/csv"
				}
				fileLayout := layout
				if contentType != "text/csv" {
					fileLayout = ""
				}
				d, err := service.Documents(filepath.Base(name), data, contentType, fileLayout)
				if err != nil {
					return err
				}
				docs = append(docs, d...)
			}
			svc, closeStore, err := openService(cmd, cfg, stderr)
			if err != nil {
				return err
			}
			defer closeStore()
			if proposeFrom != "" {
				list, err := svc.ProposeImport(cmd.Context(), docs, proposeFrom, confidence, wf.reason, wf.caller())
				if err != nil {
					return err
				}
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			report, err := svc.ImportFacts(cmd.Context(), service.Import{Documents: docs, Caller: wf.caller(), Reason: wf.reason,
				IdempotencyKey: wf.idempotencyKey, DryRun: wf.dryRun, RequestHash: service.HashRequest(hashed...)})
			return printReport(stdout, report, err)
		},
	}
	wf.bind(cmd, true)
	cmd.Flags().StringVar(&layout, "layout", "", "the layout of the CSV files: "+strings.Join(seed.CSVLayouts(), ", "))
	cmd.Flags().StringVar(&proposeFrom, "propose", "", "queue the files for review instead, as proposals whose evidence is this :Source id")
	cmd.Flags().IntVar(&confidence, "confidence", 50, "with --propose: the proposals' confidence, 0–100")
	cmd.Flags().StringVar(&format, "format", "seed", "seed (YAML, JSON, CSV), or an open data set's format: "+strings.Join(service.OpenDataFormats, ", "))
	cmd.Flags().StringVar(&dataset, "dataset", "", "with --format: the data set the file is the whole of (default: the format's own, e.g. misp-galaxy, mitre-attack)")
	return cmd
}

// importOpenDataFile imports one open data set's file.
func importOpenDataFile(cmd *cobra.Command, cfg *config, stdout, stderr io.Writer, args []string, format, dataset string, wf writeFlags) error {
	if len(args) != 1 {
		return fmt.Errorf("--format %s imports one file at a time, got %d", format, len(args))
	}
	data, err := readInput(cmd, args[0])
	if err != nil {
		return err
	}
	svc, closeStore, err := openService(cmd, cfg, stderr)
	if err != nil {
		return err
	}
	defer closeStore()
	report, err := svc.ImportOpenData(cmd.Context(), service.OpenData{Format: format, Name: filepath.Base(args[0]), Data: data,
		Dataset: dataset, Caller: wf.caller(), Reason: wf.reason, DryRun: wf.dryRun})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

func newChangesCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var f graph.ChangeFilter
	var since, until string
	cmd := &cobra.Command{
		Use:     "changes",
		Short:   "The audit trail: recorded changes, newest first, as JSON",
		Example: `  cyberkg changes --entity agr-rus-idn-iis`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, p := range []struct {
				flag, value string
				into        *time.Time
			}{{"since", since, &f.Since}, {"until", until, &f.Until}} {
				if p.value == "" {
					continue
				}
				t, err := time.Parse(time.RFC3339Nano, p.value)
				if err != nil {
					if t, err = time.Parse(time.DateOnly, p.value); err != nil {
						return fmt.Errorf("--%s %q: want YYYY-MM-DD or an RFC 3339 time", p.flag, p.value)
					}
				}
				*p.into = t
			}
			svc, closeStore, err := openService(cmd, cfg, stderr)
			if err != nil {
				return err
			}
			defer closeStore()
			changes, err := svc.Changes(cmd.Context(), f)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(changes)
		},
	}
	cmd.Flags().StringVar(&f.Entity, "entity", "", "only changes that touched this entity")
	cmd.Flags().StringVar(&f.Fact, "fact", "", "only changes to this fact")
	cmd.Flags().StringVar(&f.Author, "author", "", "only this author's changes")
	cmd.Flags().StringVar(&since, "since", "", "recorded at or after")
	cmd.Flags().StringVar(&until, "until", "", "recorded before")
	cmd.Flags().IntVar(&f.Limit, "limit", 100, "at most this many")
	return cmd
}

func openService(cmd *cobra.Command, cfg *config, stderr io.Writer) (*service.Service, func(), error) {
	_, driver, store, err := cfg.open(cmd.Context(), stderr)
	if err != nil {
		return nil, nil, err
	}
	return service.New(store, service.Options{}), func() { _ = driver.Close(cmd.Context()) }, nil
}

func readInput(cmd *cobra.Command, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(cmd.InOrStdin())
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

// printReport prints a write's report as JSON, or every problem of a
// refused document, one per line.
func printReport(w io.Writer, report *graph.ChangeReport, err error) error {
	if err != nil {
		return err // InvalidDocument's text lists every problem with its file and line
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}
