package seed

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The shapes of a seed file, as schema.json describes them. Fields are
// decoded only after the file passed the schema.

type file struct {
	Sources     []source     `json:"sources"`
	Entities    []entity     `json:"entities"`
	Agreements  []agreement  `json:"agreements"`
	Statements  []statement  `json:"statements"`
	Events      []event      `json:"events"`
	Incidents   []incident   `json:"incidents"`
	Memberships []membership `json:"memberships"`
	Positions   []position   `json:"positions"`
	Relations   []relation   `json:"relations"`
}

// date is a date as written in YAML: "2021-06-28", "2021-06", "2021" or 2021.
type date string

func (d *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*d = date(s)
		return nil
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&n); err != nil {
		return fmt.Errorf("date: %s is neither a string nor a year", b)
	}
	*d = date(n.String())
	return nil
}

type source struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	URL         string `json:"url"`
	Language    string `json:"language"`
	PublishedOn date   `json:"published_on"`
	Reliability string `json:"reliability"`
	Note        string `json:"note"`
}

type entity struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Kind        string   `json:"kind"`
	Name        string   `json:"name"`
	Aliases     []string `json:"aliases"`
	Description string   `json:"description"`
	Wikidata    string   `json:"wikidata"`
	ISO2        string   `json:"iso2"`
	ISO3        string   `json:"iso3"`
	Sources     []string `json:"sources"`
	Note        string   `json:"note"`

	ExternalIDs            []string `json:"external_ids"`
	DescriptionAttribution string   `json:"description_attribution"`

	// Countries only: what the open data set of every country gives.
	ISONumeric            string `json:"iso_numeric"`
	Independent           *bool  `json:"independent"`
	Sovereignty           string `json:"sovereignty"`
	Region                string `json:"region"`
	SubRegion             string `json:"sub_region"`
	IntermediateRegion    string `json:"intermediate_region"`
	RegionM49             int    `json:"region_m49"`
	SubRegionM49          int    `json:"sub_region_m49"`
	IntermediateRegionM49 int    `json:"intermediate_region_m49"`
}

type statusObservation struct {
	Status  string   `json:"status"`
	Date    date     `json:"date"`
	Sources []string `json:"sources"`
	Note    string   `json:"note"`
}

type agreement struct {
	ID            string              `json:"id"`
	Title         string              `json:"title"`
	Aliases       []string            `json:"aliases"`
	Scope         string              `json:"scope"`
	Topic         string              `json:"topic"`
	Parties       []string            `json:"parties"`
	Within        string              `json:"within"`
	SignedOn      date                `json:"signed_on"`
	Place         string              `json:"place"`
	StatusHistory []statusObservation `json:"status_history"`
	Sources       []string            `json:"sources"`
	Note          string              `json:"note"`
}

type attribution struct {
	Actor   string `json:"actor"`
	Verdict string `json:"verdict"`
}

type statement struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	By           string        `json:"by"`
	SaidOn       date          `json:"said_on"` // "" when null: the source gives no date
	Language     string        `json:"language"`
	Kind         string        `json:"kind"`
	Confidence   *int          `json:"confidence"` // nil when the source gives none
	Summary      string        `json:"summary"`
	ClaimedCount *int          `json:"claimed_count"`
	About        []string      `json:"about"`
	Attributes   []attribution `json:"attributes"`
	Targeted     []string      `json:"targeted"`
	Sources      []string      `json:"sources"`
	Note         string        `json:"note"`
}

type event struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases"`
	Kind      string   `json:"kind"`
	Date      date     `json:"date"`
	Place     string   `json:"place"`
	Wikidata  string   `json:"wikidata"`
	Attendees []string `json:"attendees"`
	Produced  []string `json:"produced"`
	Sources   []string `json:"sources"`
	Note      string   `json:"note"`
}

type incident struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Aliases      []string `json:"aliases"`
	Kind         string   `json:"kind"`
	StartedOn    date     `json:"started_on"`
	EndedOn      date     `json:"ended_on"`
	Wikidata     string   `json:"wikidata"`
	Description  string   `json:"description"`
	Targeted     []string `json:"targeted"`
	CarriedOutBy []string `json:"carried_out_by"`
	Sources      []string `json:"sources"`
	Note         string   `json:"note"`

	ExternalIDs            []string `json:"external_ids"`
	DescriptionAttribution string   `json:"description_attribution"`
}

type membership struct {
	Country string   `json:"country"`
	Bloc    string   `json:"bloc"`
	Since   date     `json:"since"`
	Until   date     `json:"until"`
	Role    string   `json:"role"`
	Sources []string `json:"sources"`
	Note    string   `json:"note"`
}

type position struct {
	Person       string   `json:"person"`
	Organization string   `json:"organization"`
	Title        string   `json:"title"`
	Since        date     `json:"since"`
	Until        date     `json:"until"`
	Sources      []string `json:"sources"`
	Note         string   `json:"note"`
}

type relation struct {
	From    string   `json:"from"`
	Type    string   `json:"type"`
	To      string   `json:"to"`
	Sources []string `json:"sources"`
	Note    string   `json:"note"`
}
