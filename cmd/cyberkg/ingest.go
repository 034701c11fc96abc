package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cyberkg/cyberkg/newsreader"
	"github.com/cyberkg/cyberkg/service"
)

func newIngestCmd(cfg *config, stdout, stderr io.Writer) *cobra.Command {
	var lang, published, url, gold string
	var dryRun, asJSON bool
	var wf writeFlags
	cmd := &cobra.Command{
		Use:   "ingest FILE|-",
		Short: "Read a news article and propose the facts it states, each with its evidence, for review",
		Long: "Finds the entities the graph knows (and proposes those it does not), the dates, and the agreements,\n" +
			"statements, attributions, memberships, positions and events an article states (Indonesian, Russian or\n" +
			"English), and queues them as one proposal citing the article; a reviewer accepts or rejects it\n" +
			"(GET /v1/proposals, the explorer's #review). Facts the graph holds already are not proposed again: the\n" +
			"proposal names them as a second source or a conflict. --dry-run --json prints one JSON object per\n" +
			"candidate instead, and --eval GOLD scores the candidates against a hand-written gold file; neither writes.",
		Example: `  cyberkg ingest --lang id --published 2021-06-28 article.txt
  cyberkg ingest --dry-run --json --published 2021-06-28 article.txt
  cyberkg ingest --eval newsreader/testdata/gold-seed-article.json ../shared/seeds/000_f02ef9834c905904.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readInput(cmd, args[0])
			if err != nil {
				return err
			}
			var g *newsreader.Gold
			if gold != "" {
				data, err := os.ReadFile(gold)
				if err != nil {
					return err
				}
				if g, err = newsreader.ReadGold(data); err != nil {
					return err
				}
				dryRun = true
				if published == "" {
					published = g.Published
				}
				if lang == "auto" {
					lang = g.Language
				}
			}
			if published == "" {
				return fmt.Errorf("--published: the article's publication date is needed to resolve relative dates (YYYY-MM-DD)")
			}
			day, err := time.Parse(time.DateOnly, published)
			if err != nil {
				return fmt.Errorf("--published %q: want YYYY-MM-DD", published)
			}
			in := service.Ingest{Text: string(text), Lang: lang, Published: day, URL: url, DryRun: dryRun, Caller: wf.caller()}
			if err := in.Check(); err != nil {
				return err // before connecting: bad input needs no database
			}
			svc, closeStore, err := openService(cmd, cfg, stderr)
			if err != nil {
				return err
			}
			defer closeStore()
			start := time.Now()
			report, err := svc.IngestArticle(cmd.Context(), in)
			if err != nil {
				return err
			}
			took := time.Since(start)
			enc := json.NewEncoder(stdout)
			switch {
			case g != nil:
				fmt.Fprintf(stdout, "%s: %d candidates in %s (language %s)\n", args[0], len(report.Candidates), took.Round(time.Millisecond), report.Language)
				return newsreader.PrintScores(stdout, newsreader.Evaluate(report.Candidates, g.Facts))
			case asJSON:
				for _, c := range report.Candidates {
					if err := enc.Encode(c); err != nil {
						return err
					}
				}
				return nil
			}
			enc.SetIndent("", "  ")
			return enc.Encode(report)
		},
	}
	cmd.Flags().StringVar(&wf.as, "as", defaultAuthor(), "who proposes, as the review queue records it")
	cmd.Flags().StringVar(&lang, "lang", "auto", "the article's language: id, ru, en, or auto")
	cmd.Flags().StringVar(&published, "published", "", "the article's publication date, YYYY-MM-DD (relative dates resolve against it)")
	cmd.Flags().StringVar(&url, "url", "", "the article's address, kept on its :Source")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "propose nothing; print what would be proposed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --dry-run: one JSON object per candidate, a line each")
	cmd.Flags().StringVar(&gold, "eval", "", "score the candidates against this gold file (precision and recall per kind); writes nothing")
	return cmd
}
